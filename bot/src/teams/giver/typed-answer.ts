import type { TurnContext } from 'botbuilder';
import { cleanText } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import { askerOf } from '../../domain/notifications';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import { escapeMarkdown } from '../markdown';
import { t } from '../strings';

/** How many of the giver's latest ideas are looked through for an open question. */
const LOOKED_AT = 50;

/**
 * A giver who types the answer to a coach's question in the personal chat, instead of using the
 * question card, has it taken as the answer: the same `answerInfo` transition the card sends,
 * with the activity id as its request id, so a redelivered message answers once. Only when
 * exactly one of their ideas waits for an answer; with several, the giver is told to answer on
 * the card (or in the tab) of the idea it is about. Runs after capture and the bot's commands,
 * so "ny idé", "mina idéer" and a draft in progress keep their meaning.
 */
export class TypedAnswers {
  constructor(private readonly deps: { readonly ideas: IdeaService; readonly logger: Logger }) {}

  /** Handles the message as an answer and returns true; false when no question waits for one. */
  async handle(context: TurnContext): Promise<boolean> {
    const { person, locale, conversationKind, text: raw, hasFiles } = incoming(context);
    const text = cleanText(raw);
    if (!person || conversationKind !== 'personal' || !text || hasFiles) return false;
    const mine = await this.deps.ideas.listByGiver(person, LOOKED_AT);
    const waiting = mine?.ideas.filter((i) => i.needsInfo) ?? [];
    const [only] = waiting;
    if (!mine || !only) return false;
    if (waiting.length > 1) {
      await context.sendActivity(t(locale, 'answer.which', { numbers: waiting.map((i) => `#${i.number}`).join(', ') }));
      return true;
    }
    const result = await this.deps.ideas.act(
      mine.sluice.id,
      only.id,
      person,
      { type: 'answerInfo', answer: text },
      undefined,
      context.activity.id,
    );
    if (result.ok) {
      const coach = askerOf(result.idea.value, result.event)?.name ?? result.idea.value.coach?.name ?? '';
      this.deps.logger.info({ ideaId: only.id, activityId: context.activity.id }, 'Typed answer taken as the answer to the open question');
      await context.sendActivity(
        t(locale, 'answer.sent', { number: only.number, title: escapeMarkdown(only.title), coach: escapeMarkdown(coach) }),
      );
      return true;
    }
    if (result.error === 'rejected' && result.reason.code === 'invalidInput') {
      const limit = result.reason.problems[0]?.limit ?? 0;
      await context.sendActivity(t(locale, 'answer.tooLong', { limit }));
      return true;
    }
    // The question closed meanwhile (answered on the card, or the idea was closed): not an answer any more.
    return false;
  }
}
