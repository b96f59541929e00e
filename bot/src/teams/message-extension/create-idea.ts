import { randomUUID } from 'node:crypto';
import type { CloudAdapter, MessagingExtensionAction, MessagingExtensionActionResponse, TurnContext } from 'botbuilder';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import { departmentPrefill, giverOf, type AnswerProblem } from '../../domain/draft';
import type { DirectoryPort } from '../../domain/directory';
import type { Idea, IdeaOrigin, IdeaText, Person } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import { checkIdeaForm, checkMessageText, suggestTitle, type MessageTextProblem } from '../../domain/message-text';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import { renderIdeaFormCard, type IdeaFormContext, type IdeaFormHidden, type IdeaFormValues } from '../cards/idea-form-card';
import { renderIdeaSharedCard } from '../cards/idea-shared-card';
import { asAttachment } from '../cards/render';
import { captureText } from '../capture/capture-strings';
import { ProactiveMessenger } from '../coach/proactive-messenger';
import { incoming } from '../activity';
import { AfterReply } from './after-reply';
import { sendGiverConfirmation } from './giver-confirmation';
import { readSourceMessage, type SourceMessage } from './source-message';
import { mt, type ExtensionStringKey } from './strings';
import { readSubmission } from './submission';

/** The manifest's command id for "Gör till idé" / "Save as idea" (composeExtensions[0].commands[0]). */
export const CREATE_IDEA_COMMAND = 'createIdea';

export interface CreateIdeaDependencies {
  readonly ideas: IdeaService;
  readonly conversations: ConversationReferenceRepository;
  /** Prefills the giver's department; without it, the department of their last idea is used. */
  readonly directory?: DirectoryPort;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How long the form waits for the directory before it opens without the department. */
const DIRECTORY_WAIT_MS = 1500;

const MESSAGE_PROBLEM_KEYS: Readonly<Record<MessageTextProblem['problem'], ExtensionStringKey>> = {
  imageOnly: 'imageOnly',
  empty: 'empty',
  tooLong: 'tooLong',
};

/** A task-module message: a short text Teams shows in the dialog instead of a form. */
function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}

/**
 * The message extension "Gör till idé" / "Save as idea": `composeExtension/fetchTask` opens a
 * form prefilled from the message (or empty from the message box), `composeExtension/submitAction`
 * checks it, stores the idea through {@link IdeaService.submit} and answers at once; the giver's
 * confirmation is sent after the answer. Only Cosmos work happens inside the turn, so the
 * answer comes well within Teams' five seconds. Coaches hear of the idea through the service's
 * listener, exactly as for a chat-captured idea.
 */
export class CreateIdeaExtension {
  private readonly afterReply: AfterReply;

  constructor(private readonly deps: CreateIdeaDependencies) {
    this.afterReply = new AfterReply(deps.logger);
  }

  /** Waits for confirmations still being sent (shutdown, tests). */
  drain(): Promise<void> {
    return this.afterReply.drain();
  }

  /** Answers `composeExtension/fetchTask`: the form, or a message saying why there is none. */
  async fetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const { locale, person: actor } = incoming(context);
    if (action.commandId !== CREATE_IDEA_COMMAND) return taskMessage(mt(locale, 'unknownCommand'));
    try {
      const sluice = actor ? await this.deps.ideas.sluiceFor(actor.tenantId) : undefined;
      if (!actor || !sluice) return taskMessage(captureText(locale, 'submit.noSluice'));

      const formContext: IdeaFormContext = action.commandContext === 'message' ? 'message' : 'compose';
      let prefill: Pick<IdeaFormValues, 'title' | 'idea'> = { title: '', idea: '' };
      let hidden: IdeaFormHidden = { draftId: randomUUID(), formContext };
      if (formContext === 'message') {
        const source = readSourceMessage(action.messagePayload);
        const problem = checkMessageText(source.text);
        if (problem) {
          const numbers: Record<string, number> = problem.problem === 'tooLong' ? { length: problem.length, limit: problem.limit } : {};
          return taskMessage(mt(locale, MESSAGE_PROBLEM_KEYS[problem.problem], numbers));
        }
        prefill = { title: suggestTitle(source.text.text), idea: source.text.text };
        hidden = { ...hidden, ...sourceFields(source, actor) };
      }
      const department = await this.departmentOf(actor);
      const values: IdeaFormValues = { ...prefill, need: '', beneficiaries: [], department, share: false };
      return this.form(locale, values, hidden, sluice.value);
    } catch (err) {
      this.deps.logger.error({ err, activityId: context.activity.id }, 'Could not open the idea form');
      return taskMessage(mt(locale, 'notOpened'));
    }
  }

  /**
   * Answers `composeExtension/submitAction`: the form again with the problems beside the fields
   * (nothing stored), or the idea stored once per form and a thank-you (from the message box,
   * optionally a small card put into the conversation).
   */
  async submitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const { locale, person: actor } = incoming(context);
    if (action.commandId !== CREATE_IDEA_COMMAND) return taskMessage(mt(locale, 'unknownCommand'));
    const submission = readSubmission(action.data);
    if (!submission) return taskMessage(mt(locale, 'staleForm'));
    if (!actor) return taskMessage(captureText(locale, 'submit.noSluice'));

    try {
      const { values, hidden } = submission;
      const text: IdeaText = {
        title: values.title,
        need: values.need,
        idea: values.idea,
        beneficiaries: values.beneficiaries,
        department: values.department,
      };
      // The same rules as the chat: all text within limits and at least one choice of who benefits.
      const problems = checkIdeaForm(text);
      if (problems.length > 0) {
        const sluice = await this.deps.ideas.sluiceFor(actor.tenantId);
        if (!sluice) return taskMessage(captureText(locale, 'submit.noSluice'));
        return this.form(locale, values, hidden, sluice.value, problems);
      }
      const giver = giverOf(actor, { department: values.department, locale });
      const result = await this.deps.ideas.submit({
        giver,
        text,
        source: 'message',
        ...(hidden.origin ? { origin: hidden.origin } : {}),
        ...(hidden.sourceLink ? { sourceLink: hidden.sourceLink } : {}),
        idempotencyKey: `message-extension:${hidden.draftId}`,
      });
      if (!result.ok) {
        if (result.error === 'noSluice') return taskMessage(captureText(locale, 'submit.noSluice'));
        const sluice = await this.deps.ideas.sluiceFor(actor.tenantId);
        return this.form(locale, values, hidden, sluice?.value, result.problems);
      }

      const { idea, sluice, created } = result;
      // A repeated submit (double click, Teams retrying) answers the same but confirms only once.
      if (created) this.confirmLater(context, actor.id, actor.tenantId, locale, idea, sluice);
      if (hidden.formContext === 'compose' && values.share) {
        return {
          composeExtension: {
            type: 'result',
            attachmentLayout: 'list',
            attachments: [asAttachment(renderIdeaSharedCard(locale, idea, sluice))],
          },
        };
      }
      return taskMessage(mt(locale, 'sent', { number: idea.number, sluice: sluice.name }));
    } catch (err) {
      this.deps.logger.error({ err, activityId: context.activity.id }, 'Could not store the idea from the message extension');
      return taskMessage(mt(locale, 'notSaved'));
    }
  }

  private form(
    locale: Locale,
    values: IdeaFormValues,
    hidden: IdeaFormHidden,
    sluice: Sluice | undefined,
    problems: readonly AnswerProblem[] = [],
  ): MessagingExtensionActionResponse {
    const card = renderIdeaFormCard({ locale, values, hidden, departments: sluice?.departments ?? [], problems });
    return {
      task: {
        type: 'continue',
        value: { title: mt(locale, 'taskTitle'), height: 'large', width: 'medium', card: asAttachment(card) },
      },
    };
  }

  /**
   * The giver's department for the form, by the same precedence as the chat
   * ({@link departmentPrefill}): the directory's when it answers in time, else the one of their
   * last idea, else empty (the giver types it).
   */
  private async departmentOf(actor: Person): Promise<string> {
    const directory = await this.directoryDepartment(actor);
    // The last idea is looked up only when the directory has nothing: it would not be used.
    const previous = directory === undefined ? (await this.deps.ideas.listByGiver(actor, 1))?.ideas[0]?.department : undefined;
    return departmentPrefill({ directory, previous })?.value ?? '';
  }

  private async directoryDepartment(actor: Person): Promise<string | undefined> {
    const { directory, logger } = this.deps;
    if (!directory) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), DIRECTORY_WAIT_MS);
    });
    try {
      const profile = await Promise.race([directory.profileOf(actor.tenantId, actor.id), timeout]);
      return departmentPrefill({ directory: profile?.department })?.value;
    } catch (err) {
      logger.warn({ err }, 'Directory lookup failed; the form opens without it');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the giver's confirmation once the invoke has been answered. */
  private confirmLater(context: TurnContext, giverId: string, tenantId: string, locale: Locale, idea: Idea, sluice: Sluice): void {
    const activity = context.activity;
    // The turn's context is revoked when the turn ends; keep what the proactive send needs.
    const messenger = new ProactiveMessenger(context.adapter as CloudAdapter, botAppIdOf(context));
    const target = { tenantId, giverId, user: activity.from, bot: activity.recipient, serviceUrl: activity.serviceUrl, locale };
    this.afterReply.run('giver confirmation', () =>
      sendGiverConfirmation(
        { messenger, conversations: this.deps.conversations, clock: this.deps.clock, logger: this.deps.logger },
        target,
        idea,
        sluice,
      ),
    );
  }
}

/**
 * The form's source fields: the author's name, the link, and — when someone else wrote the
 * message — the author as the idea's origin, credited but not the giver.
 */
function sourceFields(source: SourceMessage, giver: Person): Pick<IdeaFormHidden, 'origin' | 'sourceAuthor' | 'sourceLink'> {
  const author = source.author;
  // Teams names people by Entra object id; the name is the fallback for a payload without one.
  const isGiver = author?.personId !== undefined ? author.personId === giver.id : author?.name === giver.name;
  const someoneElse = author !== undefined && !author.isApp && !isGiver;
  const origin: IdeaOrigin | undefined = someoneElse
    ? { name: author.name, ...(author.personId ? { id: author.personId } : {}), ...(source.link ? { messageLink: source.link } : {}) }
    : undefined;
  return {
    ...(origin ? { origin } : {}),
    ...(author ? { sourceAuthor: author.name } : {}),
    ...(source.link ? { sourceLink: source.link } : {}),
  };
}

/**
 * The bot's app id for proactive sends: the audience of the token Teams called us with. Empty
 * without Bot Framework authentication (local), where the connector needs no token.
 */
function botAppIdOf(context: TurnContext): string {
  const identity = context.turnState.get<{ claims?: Array<{ type: string; value: string }> } | undefined>(context.adapter.BotIdentityKey);
  return identity?.claims?.find((c) => c.type === 'aud')?.value ?? '';
}
