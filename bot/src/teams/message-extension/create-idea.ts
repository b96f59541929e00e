import { randomUUID } from 'node:crypto';
import type { MessagingExtensionAction, MessagingExtensionActionResponse, TurnContext } from 'botbuilder';
import { connectorKey, type ConversationReferenceRepository } from '../../domain/conversations';
import { departmentPrefill, giverOf, type AnswerProblem } from '../../domain/draft';
import type { DirectoryPort, DirectoryProfile } from '../../domain/directory';
import type { IdeaOrigin, IdeaText, Person } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import { checkIdeaForm, checkMessageText, suggestTitle, type MessageTextProblem } from '../../domain/message-text';
import type { SimilarIdeas } from '../../domain/similar/similar-ideas';
import type { SimilarMatch } from '../../domain/similar/similar-index';
import type { Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import { renderIdeaFormCard, type IdeaFormContext, type IdeaFormHidden, type IdeaFormValues } from '../cards/idea-form-card';
import { renderIdeaSharedCard } from '../cards/idea-shared-card';
import { asAttachment } from '../cards/render';
import { noSluiceText } from '../capture/capture-replies';
import { incoming } from '../activity';
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
  /** Whom a person of a tenant in no sluice is told to ask (ONBOARDING_CONTACT). */
  readonly onboardingContact?: string;
  /** The similar-idea index: the form lists the sluice's ideas like the message under the idea. */
  readonly similar?: Pick<SimilarIdeas, 'find'>;
}

/** How many similar ideas the form lists. */
const FORM_SIMILAR = 3;

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
 * checks it, stores the idea through {@link IdeaService.submit} and answers at once. Only Cosmos
 * work happens inside the turn, so the answer comes well within Teams' five seconds. The giver's
 * receipt and the coaches' task cards go through the outbox (queued in the same request as the
 * idea, retried, recovered after a crash), exactly as for a chat-captured idea.
 *
 * What the idea credits — the message's author as originator, the link back to it — is read from
 * the `messagePayload` Teams sends with each invoke, never from the form's submit data.
 */
export class CreateIdeaExtension {
  constructor(private readonly deps: CreateIdeaDependencies) {}

  /** Answers `composeExtension/fetchTask`: the form, or a message saying why there is none. */
  async fetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const { locale, person: actor } = incoming(context);
    if (action.commandId !== CREATE_IDEA_COMMAND) return taskMessage(mt(locale, 'unknownCommand'));
    try {
      const sluice = actor ? await this.deps.ideas.sluiceFor(actor.tenantId) : undefined;
      if (!actor || !sluice) return taskMessage(noSluiceText(locale, this.deps.onboardingContact));

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
    if (!actor) return taskMessage(noSluiceText(locale, this.deps.onboardingContact));

    try {
      const { values } = submission;
      const hidden = fromTeams(submission.hidden, action, actor);
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
        if (!sluice) return taskMessage(noSluiceText(locale, this.deps.onboardingContact));
        return this.form(locale, values, hidden, sluice.value, problems);
      }
      const giver = giverOf(actor, { department: values.department, locale, profile: await this.directoryProfile(actor) });
      // Before the idea (and its outbox job) is stored, so the receipt can reach the giver.
      await this.rememberConnector(context, actor);
      const result = await this.deps.ideas.submit({
        giver,
        text,
        source: 'message',
        ...(hidden.origin ? { origin: hidden.origin } : {}),
        ...(hidden.sourceLink ? { sourceLink: hidden.sourceLink } : {}),
        idempotencyKey: `message-extension:${hidden.draftId}`,
      });
      if (!result.ok) {
        if (result.error === 'noSluice') return taskMessage(noSluiceText(locale, this.deps.onboardingContact));
        const sluice = await this.deps.ideas.sluiceFor(actor.tenantId);
        return this.form(locale, values, hidden, sluice?.value, result.problems);
      }

      const { idea, sluice } = result;
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
    const similar = sluice ? this.similarTo(sluice, values) : [];
    const card = renderIdeaFormCard({
      locale,
      values,
      hidden,
      departments: sluice?.departments ?? [],
      problems,
      ...(sluice && similar.length > 0 ? { similar: { sluice, ideas: similar } } : {}),
    });
    return {
      task: {
        type: 'continue',
        value: { title: mt(locale, 'taskTitle'), height: 'large', width: 'medium', card: asAttachment(card) },
      },
    };
  }

  /**
   * Ideas of the giver's sluice like what the form holds (the message's text when it opens). The
   * form is rendered once, so they are found when it opens (and again when a refused submit shows
   * it anew). A failing lookup leaves them out: they help, they never stop an idea.
   */
  private similarTo(sluice: Sluice, values: Pick<IdeaFormValues, 'title' | 'need' | 'idea'>): SimilarMatch[] {
    try {
      return this.deps.similar?.find([sluice.id], { title: values.title, need: values.need, idea: values.idea }, FORM_SIMILAR) ?? [];
    } catch (err) {
      this.deps.logger.warn({ err }, 'Could not look up similar ideas for the form; it opens without them');
      return [];
    }
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
    return departmentPrefill({ directory: (await this.directoryProfile(actor))?.department })?.value;
  }

  /** The giver's profile in the directory, if it answers in time; the form and the idea do without it otherwise. */
  private async directoryProfile(actor: Person): Promise<DirectoryProfile | undefined> {
    const { directory, logger } = this.deps;
    if (!directory) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), DIRECTORY_WAIT_MS);
    });
    try {
      return await Promise.race([directory.profileOf(actor.tenantId, actor.id), timeout]);
    } catch (err) {
      logger.warn({ err }, 'Directory lookup failed; going on without it');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Remembers the connector the tenant is served by, so the outbox can open the giver's personal
   * chat for the receipt even when this turn leaves no chat reference (a group chat) and the
   * bot has met nobody else in the tenant. Writes only when it changed.
   */
  private async rememberConnector(context: TurnContext, actor: Person): Promise<void> {
    const { serviceUrl, recipient, channelId } = context.activity;
    if (!serviceUrl) return;
    try {
      await this.deps.conversations.save({
        key: connectorKey(actor.tenantId),
        reference: { channelId, serviceUrl, bot: recipient, conversation: { tenantId: actor.tenantId } },
        serviceUrl,
        updatedAt: this.deps.clock.now().toISOString(),
      });
    } catch (err) {
      // Only the way to a first personal chat is at stake; any other reference in the tenant serves too.
      this.deps.logger.warn({ err, activityId: context.activity.id }, 'Could not remember the tenant connector');
    }
  }
}

/**
 * The form's state as this server trusts it: the draft id from the form (it only ties repeated
 * submits together, and ideas are keyed by giver too), but the context from the invoke, and the
 * source — author, credit, link — read again from the message payload Teams sent with it.
 */
function fromTeams(form: IdeaFormHidden, action: MessagingExtensionAction, giver: Person): IdeaFormHidden {
  const formContext: IdeaFormContext =
    action.commandContext === 'message' || action.commandContext === 'compose' ? action.commandContext : form.formContext;
  const base: IdeaFormHidden = { draftId: form.draftId, formContext };
  if (formContext !== 'message' || !action.messagePayload) return base;
  return { ...base, ...sourceFields(readSourceMessage(action.messagePayload), giver) };
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
