import type { TurnContext } from 'botbuilder';
import { cleanText } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import { answerOpenQuestion } from '../../domain/typed-answer';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import { escapeMarkdown } from '../markdown';
import { t } from '../strings';

/**
 * A giver who types the answer to a coach's question in the personal chat, instead of using the
 * question card, has it taken as the answer ({@link answerOpenQuestion}: the rule is the domain's);
 * this reads the message and words what happened. Runs after capture and the bot's commands, so
 * "ny idé", "mina idéer" and a draft in progress keep their meaning.
 */
export class TypedAnswers {
  constructor(private readonly deps: { readonly ideas: IdeaService; readonly logger: Logger }) {}

  /** Handles the message as an answer and returns true; false when no question waits for one. */
  async handle(context: TurnContext): Promise<boolean> {
    const { person, locale, conversationKind, text: raw, hasFiles } = incoming(context);
    const text = cleanText(raw);
    if (!person || conversationKind !== 'personal' || !text || hasFiles) return false;
    const outcome = await answerOpenQuestion(this.deps.ideas, person, text, context.activity.id);
    switch (outcome.kind) {
      case 'none':
        return false;
      case 'which':
        await context.sendActivity(t(locale, 'answer.which', { numbers: outcome.numbers.map((n) => `#${n}`).join(', ') }));
        return true;
      case 'tooLong':
        await context.sendActivity(t(locale, 'answer.tooLong', { limit: outcome.limit }));
        return true;
      case 'answered': {
        const { idea, askedBy } = outcome;
        this.deps.logger.info(
          { ideaId: idea.id, activityId: context.activity.id },
          'Typed answer taken as the answer to the open question',
        );
        await context.sendActivity(
          t(locale, 'answer.sent', { number: idea.number, title: escapeMarkdown(idea.title), coach: escapeMarkdown(askedBy) }),
        );
        return true;
      }
    }
  }
}
