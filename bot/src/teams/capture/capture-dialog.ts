import { randomUUID } from 'node:crypto';
import type { Activity, CardAction, Storage, TurnContext } from 'botbuilder';
import type { ConversationReferenceRepository } from '../../domain/conversations';
import type { DirectoryPort, DirectoryProfile } from '../../domain/directory';
import {
  answerBeneficiaries,
  answerText,
  beneficiariesFromChoice,
  editField,
  ideaTextOf,
  isResumedAfterPause,
  parseBeneficiaries,
  seedFromText,
  startDraft,
  touch,
  type AnswerProblem,
  type DraftField,
  type DraftSeed,
  type DraftSource,
  type IdeaDraft,
} from '../../domain/draft';
import type { Giver } from '../../domain/idea';
import { cleanText } from '../../domain/idea';
import type { IdeaService } from '../../domain/idea-service';
import type { Clock } from '../../domain/ports';
import type { Locale } from '../../domain/stages';
import type { Logger } from '../../logger';
import { incoming } from '../activity';
import type { ProactiveMessenger } from '../coach/proactive-messenger';
import { renderBeneficiariesCard } from '../cards/beneficiaries-card';
import { renderIdeaConfirmationCard } from '../cards/idea-confirmation-card';
import { renderIdeaSummaryCard, type SummaryState } from '../cards/idea-summary-card';
import { renderMyIdeasCard } from '../cards/my-ideas-card';
import { asAttachment } from '../cards/render';
import { renderHelpCard } from '../cards/welcome-card';
import { escapeMarkdown, preview } from '../markdown';
import { isCaptureValue, parseCaptureAction, type CaptureAction } from './capture-actions';
import { CaptureStateStore, KeyedQueue, rememberSubmission, type CaptureState } from './capture-state';
import { ct, type CaptureStringKey } from './capture-strings';
import { commandOf, type CaptureCommand } from './commands';
import { sendToPersonalChat } from './personal-chat';

export interface CaptureDependencies {
  readonly ideas: IdeaService;
  readonly conversations: ConversationReferenceRepository;
  /** Bot Framework state storage (Cosmos); the draft lives here, so it survives a restart. */
  readonly botState: Storage;
  readonly directory: DirectoryPort;
  readonly messenger: ProactiveMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Makes draft ids (the submission's idempotency key); random unless a test fixes them. */
  readonly newDraftId?: () => string;
}

type Reply = Partial<Activity>;

/** The result of one step of the conversation: the giver's new state and what to say. */
interface Outcome {
  readonly handled: boolean;
  readonly state: CaptureState;
  readonly replies: readonly Reply[];
}

/** What one incoming message says, read once. */
interface Turn {
  readonly context: TurnContext;
  readonly locale: Locale;
  /** The text without the bot's @mention, trimmed, line breaks kept. */
  readonly text: string;
  readonly command?: CaptureCommand;
  readonly hasFiles: boolean;
  readonly now: Date;
  readonly tenantId?: string;
  /** Entra object id of the sender. */
  readonly userId: string;
  readonly userName: string;
}

/** How many departments of the sluice are offered as one-click answers. */
const DEPARTMENT_SUGGESTIONS = 10;

/**
 * Idea capture in chat: a guided conversation in the bot's personal chat (title, need, idea,
 * who benefits, department), a summary card to submit, edit or cancel, the one-line shortcut
 * "idé: …", "mina idéer", and @mentions in channels and group chats that continue in the
 * personal chat. The conversation is a small state machine over the domain's {@link IdeaDraft};
 * its state is Bot Framework user state in Cosmos, read at the start of each turn and written
 * at its end, so a giver (or a restarted server) continues exactly where it stopped.
 */
export class CaptureDialog {
  private readonly state: CaptureStateStore;
  private readonly queue = new KeyedQueue();
  private readonly newDraftId: () => string;

  constructor(private readonly deps: CaptureDependencies) {
    this.state = new CaptureStateStore(deps.botState);
    this.newDraftId = deps.newDraftId ?? randomUUID;
  }

  /**
   * Handles a message if it belongs to capture and returns true; false leaves it to the
   * bot's general answers (help outside a dialog, the friendly pointer, files, stale cards).
   */
  async handle(context: TurnContext): Promise<boolean> {
    if (context.activity.type !== 'message') return false;
    const turn = this.readTurn(context);
    if (!turn) return false;
    const personal = incoming(context).conversationKind === 'personal';
    return this.queue.run(this.state.keyOf(context), () => (personal ? this.personalTurn(turn) : this.sharedTurn(turn)));
  }

  // ---- personal chat ----------------------------------------------------------------------

  private async personalTurn(turn: Turn): Promise<boolean> {
    const before = await this.state.load(turn.context);
    const outcome = await this.personal(turn, before);
    if (outcome.replies.length > 0) await turn.context.sendActivities(outcome.replies.flatMap(asMessages));
    if (outcome.state !== before) await this.state.save(turn.context, outcome.state);
    return outcome.handled;
  }

  private async personal(turn: Turn, state: CaptureState): Promise<Outcome> {
    const value: unknown = turn.context.activity.value;
    if (isCaptureValue(value)) return this.cardAction(turn, state, parseCaptureAction(value));
    // Another feature's card (or a card from before this version) is answered by the bot as stale.
    if (value !== undefined && !turn.text) return pass(state);

    const command = turn.command;
    if (command?.kind === 'cancel') return this.cancel(turn, state);
    if (state.restart) return this.restartAnswer(turn, state);
    if (command?.kind === 'newIdea') return this.begin(turn, state, 'chat');
    if (command?.kind === 'shortcut') return this.begin(turn, state, 'chat', command.text);
    if (command?.kind === 'mine') {
      const mine = await this.myIdeas(turn);
      if (!state.draft) return done(state, [mine]);
      return done(state, [mine, await this.question(turn, state.draft, [ct(turn.locale, 'resume.continue')])]);
    }

    const draft = state.draft;
    if (!draft) return pass(state);
    if (command?.kind === 'help') {
      return done(state, [
        { attachments: [asAttachment(renderHelpCard(turn.locale))] },
        await this.question(turn, draft, [ct(turn.locale, 'resume.continue')]),
      ]);
    }
    if (!turn.text) {
      const problem = ct(turn.locale, turn.hasFiles ? 'problem.attachment' : 'problem.empty');
      return done(state, [await this.question(turn, draft, [problem])]);
    }
    if (isResumedAfterPause(draft, turn.now)) {
      // After a long pause the message is more likely a greeting than an answer: show where we are.
      const next = touch(draft, turn.now);
      return done({ ...state, draft: next }, [
        await this.question(turn, next, [ct(turn.locale, 'resume.welcomeBack', { title: titleOf(turn.locale, draft) })]),
      ]);
    }
    return this.answer(turn, state, draft);
  }

  /** The giver's answer to the current question (or a typed word at the summary). */
  private async answer(turn: Turn, state: CaptureState, draft: IdeaDraft): Promise<Outcome> {
    const { locale, command } = turn;
    if (draft.step === 'summary') {
      if (command?.kind === 'submit') return this.submit(turn, state, draft);
      if (command?.kind === 'edit' && command.field) return this.edit(turn, state, draft, command.field);
      const hint = ct(locale, command?.kind === 'edit' ? 'summary.whichField' : 'summary.hint');
      return done(state, [await this.question(turn, draft, [hint])]);
    }
    const result =
      draft.step === 'beneficiaries'
        ? answerBeneficiaries(draft, parseBeneficiaries(turn.text) ?? [], turn.now)
        : answerText(draft, draft.step, turn.text, turn.now);
    if (!result.ok) return done(state, [await this.question(turn, draft, [problemText(locale, result.problem, turn.text)])]);
    return done({ ...state, draft: result.draft }, [await this.question(turn, result.draft)]);
  }

  private async edit(turn: Turn, state: CaptureState, draft: IdeaDraft, field: DraftField): Promise<Outcome> {
    const next = editField(draft, field, turn.now);
    return done({ ...state, draft: next }, [await this.question(turn, next)]);
  }

  /** "ny idé", "idé: …": starts a draft, or asks first when one is already in progress. */
  private async begin(turn: Turn, state: CaptureState, source: DraftSource, seedText?: string): Promise<Outcome> {
    const checked = await this.checkStart(turn, seedText);
    if (!checked.ok) return done(state, [checked.reply]);
    if (state.draft) {
      return done({ ...state, restart: { seed: checked.seed, source } }, [this.restartQuestion(turn, state.draft)]);
    }
    return this.startNew(turn, state, checked.seed, source);
  }

  /** A capture may start only where there is a sluice to receive it, with text that fits. */
  private async checkStart(turn: Turn, seedText?: string): Promise<{ ok: true; seed: DraftSeed } | { ok: false; reply: Reply }> {
    if (!turn.tenantId || !(await this.deps.ideas.sluiceFor(turn.tenantId))) {
      return { ok: false, reply: { text: ct(turn.locale, 'submit.noSluice') } };
    }
    if (seedText === undefined) return { ok: true, seed: {} };
    const seeded = seedFromText(seedText);
    if (seeded.ok) return { ok: true, seed: seeded.seed };
    const count = [...cleanText(seedText)].length;
    return { ok: false, reply: { text: ct(turn.locale, 'problem.seedTooLong', { count, limit: seeded.problem.limit }) } };
  }

  private async startNew(turn: Turn, state: CaptureState, seed: DraftSeed, source: DraftSource): Promise<Outcome> {
    const { locale } = turn;
    const profile = await this.profileOf(turn);
    const department = profile?.department
      ? { value: profile.department, from: 'profile' as const }
      : state.lastDepartment
        ? { value: state.lastDepartment, from: 'previous' as const }
        : undefined;
    const draft = startDraft({ id: this.newDraftId(), now: turn.now, source, seed, ...(department ? { department } : {}) });
    const seeded = seed.idea !== undefined || seed.title !== undefined;
    const lead = [
      ...(source === 'mention' ? [ct(locale, 'start.fromMention')] : []),
      ct(locale, seeded ? 'start.seeded' : 'start.intro'),
      ct(locale, 'start.public'),
      ...(draft.department && draft.departmentFrom
        ? [ct(locale, `start.prefilled.${draft.departmentFrom}`, { department: escapeMarkdown(draft.department) })]
        : []),
    ];
    const { restart, ...rest } = state;
    void restart;
    return done({ ...rest, draft }, [await this.question(turn, draft, lead)]);
  }

  private restartQuestion(turn: Turn, draft: IdeaDraft, again = false): Reply {
    const { locale } = turn;
    const text = again ? ct(locale, 'restart.again') : ct(locale, 'restart.ask', { title: titleOf(locale, draft) });
    return withChoices(turn, { text }, [ct(locale, 'restart.yes'), ct(locale, 'restart.no')]);
  }

  /** The answer to "do you want to start over?". */
  private async restartAnswer(turn: Turn, state: CaptureState): Promise<Outcome> {
    const restart = state.restart;
    if (!restart) return pass(state);
    const { restart: _asked, ...rest } = state;
    if (!state.draft || turn.command?.kind === 'yes') return this.startNew(turn, rest, restart.seed, restart.source);
    if (turn.command?.kind === 'no') {
      return done(rest, [await this.question(turn, state.draft, [ct(turn.locale, 'restart.kept')])]);
    }
    return done(state, [this.restartQuestion(turn, state.draft, true)]);
  }

  private async cancel(turn: Turn, state: CaptureState, cardActivityId?: string): Promise<Outcome> {
    if (!state.draft && !state.restart) return done(state, [{ text: ct(turn.locale, 'cancel.nothing') }]);
    if (state.draft && cardActivityId) await this.markSummary(turn, cardActivityId, state.draft, { kind: 'cancelled' });
    const { draft, restart, ...rest } = state;
    void draft;
    void restart;
    return done(rest, [{ text: ct(turn.locale, 'cancel.done') }]);
  }

  // ---- card clicks ------------------------------------------------------------------------

  private async cardAction(turn: Turn, state: CaptureState, action: CaptureAction | undefined): Promise<Outcome> {
    const { locale } = turn;
    const submitted = action ? state.submitted.find((s) => s.draftId === action.draftId) : undefined;
    if (action && submitted) {
      const key: CaptureStringKey = action.verb === 'capture.cancel' ? 'card.cancelSubmitted' : 'submit.already';
      return done(state, [{ text: ct(locale, key, { number: submitted.number }) }]);
    }
    const draft = state.draft;
    if (!action || !draft || draft.id !== action.draftId) {
      const stale: Reply = { text: ct(locale, 'card.staleDraft') };
      if (!draft) return done(state, [stale]);
      return done(state, [stale, await this.question(turn, draft, [ct(locale, 'resume.continue')])]);
    }
    // A click on the current draft's card answers any pending "start over?" with "no".
    const { restart: _pending, ...current } = state;
    const cardId = turn.context.activity.replyToId;
    switch (action.verb) {
      case 'capture.submit':
        return this.submit(turn, current, draft, cardId);
      case 'capture.cancel':
        return this.cancel(turn, current, cardId);
      case 'capture.edit':
        return this.edit(turn, current, draft, action.field);
      case 'capture.beneficiaries': {
        if (draft.step !== 'beneficiaries') {
          return done(current, [await this.question(turn, draft, [ct(locale, 'card.answered')])]);
        }
        const result = answerBeneficiaries(draft, beneficiariesFromChoice(action.beneficiaries), turn.now);
        if (!result.ok) return done(current, [await this.question(turn, draft, [problemText(locale, result.problem, '')])]);
        return done({ ...current, draft: result.draft }, [await this.question(turn, result.draft)]);
      }
    }
  }

  // ---- submission -------------------------------------------------------------------------

  /** Stores the idea (one per draft, however often this runs) and only then confirms it. */
  private async submit(turn: Turn, state: CaptureState, draft: IdeaDraft, cardActivityId?: string): Promise<Outcome> {
    const { locale } = turn;
    const text = ideaTextOf(draft);
    if (!text.ok) {
      const next: IdeaDraft = { ...draft, step: text.missing[0] ?? 'title', editing: false };
      return done({ ...state, draft: next }, [await this.question(turn, next, [ct(locale, 'submit.incomplete')])]);
    }
    const clearDraft = (): CaptureState => {
      const { draft: _d, restart: _r, ...rest } = state;
      return rest;
    };
    if (!turn.tenantId) return done(clearDraft(), [{ text: ct(locale, 'submit.noSluice') }]);
    const profile = await this.profileOf(turn);
    const giver: Giver = {
      id: turn.userId,
      tenantId: turn.tenantId,
      name: turn.userName || profile?.displayName || '',
      department: text.text.department,
      ...(profile?.jobTitle ? { jobTitle: profile.jobTitle } : {}),
      locale,
    };
    const result = await this.deps.ideas.submit({ giver, text: text.text, source: draft.source, idempotencyKey: draft.id });
    if (!result.ok && result.error === 'noSluice') return done(clearDraft(), [{ text: ct(locale, 'submit.noSluice') }]);
    if (!result.ok) {
      const field = (result.problems[0]?.field ?? 'title') as DraftField;
      const next = editField(draft, field, turn.now);
      return done({ ...state, draft: next }, [
        await this.question(turn, next, [ct(locale, 'submit.incomplete'), ...result.problems.map((p) => problemText(locale, p, ''))]),
      ]);
    }
    const { idea, sluice, created } = result;
    this.deps.logger.info({ ideaId: idea.id, number: idea.number, sluiceId: sluice.id, created }, 'Idea submitted from chat');
    if (cardActivityId) await this.markSummary(turn, cardActivityId, draft, { kind: 'submitted', number: idea.number });
    const next = rememberSubmission(
      state,
      { draftId: draft.id, sluiceId: sluice.id, ideaId: idea.id, number: idea.number },
      idea.department,
    );
    const message = created
      ? ct(locale, 'submit.done', { name: escapeMarkdown(firstName(giver.name)), number: idea.number })
      : ct(locale, 'submit.already', { number: idea.number });
    return done(next, [{ text: message, attachments: [asAttachment(renderIdeaConfirmationCard(locale, idea, sluice))] }]);
  }

  /** Replaces the clicked summary card with one that shows what became of it and has no buttons. */
  private async markSummary(turn: Turn, activityId: string, draft: IdeaDraft, summaryState: SummaryState): Promise<void> {
    try {
      await turn.context.updateActivity({
        type: 'message',
        id: activityId,
        attachments: [asAttachment(renderIdeaSummaryCard(turn.locale, draft, summaryState))],
      });
    } catch (err) {
      // The giver still gets the answer; an old card with buttons left is answered politely if clicked.
      this.deps.logger.warn({ err, activityId }, 'Could not update the summary card');
    }
  }

  // ---- "mina idéer" -----------------------------------------------------------------------

  private async myIdeas(turn: Turn): Promise<Reply> {
    const { locale } = turn;
    if (!turn.tenantId) return { text: ct(locale, 'submit.noSluice') };
    const mine = await this.deps.ideas.listByGiver({ id: turn.userId, tenantId: turn.tenantId });
    if (!mine) return { text: ct(locale, 'submit.noSluice') };
    if (mine.ideas.length === 0) return { text: ct(locale, 'mine.empty') };
    return { attachments: [asAttachment(renderMyIdeasCard(locale, mine.ideas, mine.sluice, mine.more))] };
  }

  // ---- channels and group chats -----------------------------------------------------------

  /**
   * An @mention with text in a channel or group chat: the capture starts with that text and
   * continues in the giver's personal chat, where the questions are nobody else's business.
   */
  private async sharedTurn(turn: Turn): Promise<boolean> {
    const { context, locale, command } = turn;
    if (isCaptureValue(context.activity.value)) return false;
    if (!turn.text || command?.kind === 'help') return false;

    if (command?.kind === 'mine') {
      const reached = await this.toPersonalChat(turn, await this.myIdeas(turn));
      await context.sendActivity(ct(locale, reached ? 'mention.mineSent' : 'mention.cannotReach'));
      return true;
    }
    const state = await this.state.load(context);
    if (command?.kind === 'cancel') {
      const outcome = await this.cancel(turn, state);
      if (outcome.state !== state) await this.state.save(context, outcome.state);
      await context.sendActivities(outcome.replies.flatMap(asMessages));
      return true;
    }

    const seedText = command?.kind === 'shortcut' ? command.text : command?.kind === 'newIdea' ? undefined : turn.text;
    const checked = await this.checkStart(turn, seedText);
    if (!checked.ok) {
      await context.sendActivity({ type: 'message', ...checked.reply });
      return true;
    }
    const outcome = state.draft
      ? done({ ...state, restart: { seed: checked.seed, source: 'mention' as const } }, [this.restartQuestion(turn, state.draft)])
      : await this.startNew(turn, state, checked.seed, 'mention');
    let reached = true;
    for (const reply of outcome.replies) reached = reached && (await this.toPersonalChat(turn, reply));
    if (reached) await this.state.save(context, outcome.state);
    await context.sendActivity(ct(locale, reached ? 'mention.moved' : 'mention.cannotReach'));
    return true;
  }

  private async toPersonalChat(turn: Turn, reply: Reply): Promise<boolean> {
    const { messenger, conversations, clock, logger } = this.deps;
    for (const message of asMessages(reply)) {
      if (!(await sendToPersonalChat(turn.context, message, { messenger, conversations, clock, logger }))) return false;
    }
    return true;
  }

  // ---- questions --------------------------------------------------------------------------

  /**
   * The message that asks the draft's current question, after `lead` (what to say first):
   * plain text for free-text questions, a multi-select card for who benefits, suggestions for
   * the department, and the summary card once everything is answered.
   */
  private async question(turn: Turn, draft: IdeaDraft, lead: readonly string[] = []): Promise<Reply> {
    const { locale } = turn;
    const step = draft.step;
    const current = draft.editing && step !== 'summary' && step !== 'beneficiaries' ? draft[step] : undefined;
    const currentLine = current ? [ct(locale, 'edit.current', { value: escapeMarkdown(preview(current, 300)) })] : [];
    switch (step) {
      case 'summary':
        return {
          text: [...lead, ct(locale, 'summary.intro')].join('\n\n'),
          attachments: [asAttachment(renderIdeaSummaryCard(locale, draft))],
        };
      case 'beneficiaries':
        return {
          ...(lead.length > 0 ? { text: lead.join('\n\n') } : {}),
          attachments: [asAttachment(renderBeneficiariesCard(locale, draft.id, draft.beneficiaries ?? []))],
        };
      case 'department': {
        const text = [...lead, ...currentLine, ct(locale, 'ask.department')];
        const choices = await this.departmentChoices(turn);
        if (choices.length === 0) return { text: text.join('\n\n') };
        return withChoices(turn, { text: [...text, ct(locale, 'ask.department.choices')].join('\n\n') }, choices);
      }
      default:
        return { text: [...lead, ...currentLine, ct(locale, `ask.${step}`)].join('\n\n') };
    }
  }

  /** The sluice's departments, offered as one-click answers (the giver may type any other). */
  private async departmentChoices(turn: Turn): Promise<string[]> {
    if (!turn.tenantId) return [];
    const sluice = await this.deps.ideas.sluiceFor(turn.tenantId);
    return (sluice?.value.departments ?? []).slice(0, DEPARTMENT_SUGGESTIONS);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private async profileOf(turn: Turn): Promise<DirectoryProfile | undefined> {
    if (!turn.tenantId) return undefined;
    try {
      return await this.deps.directory.profileOf(turn.tenantId, turn.userId);
    } catch (err) {
      // The directory is a convenience: without it the giver simply types the department.
      this.deps.logger.warn({ err }, 'Directory lookup failed; continuing without prefill');
      return undefined;
    }
  }

  /** The turn as capture needs it; undefined when the activity does not say who sent it. */
  private readTurn(context: TurnContext): Turn | undefined {
    const read = incoming(context);
    if (!read.person) return undefined;
    const text = cleanText(read.text);
    const command = text ? commandOf(text) : undefined;
    return {
      context,
      locale: read.locale,
      text,
      ...(command ? { command } : {}),
      hasFiles: read.hasFiles,
      now: this.deps.clock.now(),
      tenantId: read.person.tenantId,
      userId: read.person.id,
      userName: read.person.name,
    };
  }
}

/**
 * A reply as the messages to send: text and card go as two messages (text first), so each has
 * its own id — the card's is what a click refers to — as Teams and Agents Playground expect.
 */
function asMessages(reply: Reply): Partial<Activity>[] {
  const { attachments, ...rest } = reply;
  if (!reply.text || !attachments?.length) return [{ type: 'message', ...reply }];
  return [
    { type: 'message', ...rest },
    { type: 'message', attachments },
  ];
}

function done(state: CaptureState, replies: readonly Reply[]): Outcome {
  return { handled: true, state, replies };
}

function pass(state: CaptureState): Outcome {
  return { handled: false, state, replies: [] };
}

/** Adds one-click answers (Teams shows them under the message in a personal chat). */
function withChoices(turn: Turn, reply: Reply, choices: readonly string[]): Reply {
  const actions: CardAction[] = choices.map((c) => ({ type: 'imBack', title: c, value: c }));
  return { ...reply, suggestedActions: { actions, to: [turn.context.activity.from.id] } };
}

function titleOf(locale: Locale, draft: IdeaDraft): string {
  return draft.title ? `”${escapeMarkdown(draft.title)}”` : ct(locale, 'draft.untitled');
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** Says plainly what is wrong with an answer. */
export function problemText(locale: Locale, problem: AnswerProblem, answer: string): string {
  switch (problem.problem) {
    case 'empty':
      return ct(locale, 'problem.empty');
    case 'tooShort':
      return ct(locale, 'problem.tooShort', { limit: problem.limit });
    case 'tooLong':
      return ct(locale, 'problem.tooLong', { count: [...cleanText(answer)].length, limit: problem.limit });
    case 'noChoice':
      return ct(locale, 'problem.noChoice');
  }
}
