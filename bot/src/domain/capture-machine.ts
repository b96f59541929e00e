import { departmentsOf, findDepartment } from './admin/departments';
import type { DirectoryProfile } from './directory';
import {
  answerBeneficiaries,
  answerText,
  beneficiariesFromChoice,
  departmentPrefill,
  editField,
  giverOf,
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
} from './draft';
import { cleanText, type Idea } from './idea';
import type { SubmitRequest, SubmitResult } from './idea-service';
import type { IdeaSummary, Versioned } from './ports';
import type { Cover } from './reminders/absence';
import type { DraftText, SimilarMatch } from './similar/similar-index';
import { CHALLENGE_CHOICES, type OpenChallenge } from './challenges';
import type { Sluice } from './sluice';
import type { Locale } from './stages';

/**
 * Idea capture in chat as a pure state machine: {@link stepCapture} takes what the bot knows
 * about a giver's capture ({@link CaptureState}), what the giver just did ({@link CaptureTurn})
 * and the facts it asked for ({@link CaptureFacts}), and gives the new state and what to say.
 * It does no I/O. When it needs something from the world — the giver's sluice, their
 * directory profile, their ideas, or the result of handing the idea in — it says so
 * (`kind: 'need'`); the caller fetches it and calls again with the fact added. The same turn
 * with the same facts always gives the same answer, which is what makes it testable turn by
 * turn and safe to run again after a conflicting write.
 *
 * The conversation: "ny idé" (or "idé: …", or an @mention in a channel) starts a draft; the
 * questions of {@link IdeaDraft} are asked one at a time; once the idea is written, ideas of the
 * sluice like it are shown (if there are any) before the giver goes on; a summary card submits,
 * edits or cancels; "avbryt" cancels at any time; "mina idéer" lists the giver's ideas.
 *
 * Exactly once: every turn that changes the state records its activity id in the state, in the
 * same write. A turn whose activity id is already recorded (Teams redelivers what it got no
 * answer to in time) changes nothing and is answered from the state as it is.
 */

// ---- the state ---------------------------------------------------------------------------

/** A draft that became an idea; remembered so a second click on Skicka in gets the idea's number. */
export interface SubmittedDraft {
  readonly draftId: string;
  readonly sluiceId: string;
  readonly ideaId: string;
  readonly number: number;
}

/** Similar ideas shown to the giver once their idea was written, until they go on. */
export interface SimilarShown {
  /** The draft they were found for. */
  readonly draftId: string;
  /** As found then, best first (at most {@link SIMILAR_SHOWN}). */
  readonly ideas: readonly SimilarMatch[];
}

/** How many similar ideas the chat shows. */
export const SIMILAR_SHOWN = 3;

/**
 * What the bot remembers about one giver's capture. It is kept per person, not per
 * conversation, because an @mention in a channel starts a draft the giver finishes in the
 * personal chat.
 */
export interface CaptureState {
  readonly draft?: IdeaDraft;
  /** Set while the giver is asked whether to throw the draft away and start over with this. */
  readonly restart?: { readonly seed: DraftSeed; readonly source: DraftSource; readonly challenge?: OpenChallenge };
  /**
   * Set while the giver is shown ideas like theirs: the next thing they do (a click on "Lämna in
   * min ändå", or any typed answer) goes on to the next question. Kept here, so a redelivered
   * answer and a restarted server show the same ideas again.
   */
  readonly similar?: SimilarShown;
  /** The latest submitted drafts, newest first. */
  readonly submitted: readonly SubmittedDraft[];
  /** The department the giver gave for their last idea, to prefill the next one. */
  readonly lastDepartment?: string;
  /** Ids of the latest activities that changed this state, newest first. */
  readonly handled?: readonly string[];
}

/** How many submitted drafts are remembered: enough for a double click and a stale card. */
const REMEMBERED_SUBMISSIONS = 10;
/** How many handled activity ids are remembered: far more than Teams redelivers. */
const REMEMBERED_ACTIVITIES = 20;
/** How many departments of the sluice are offered as one-click answers. */
export const DEPARTMENT_SUGGESTIONS = 10;

export const EMPTY_CAPTURE_STATE: CaptureState = { submitted: [] };

/** The state after a draft became an idea: no draft, the submission remembered, its department kept for next time. */
export function rememberSubmission(state: CaptureState, submission: SubmittedDraft, department: string): CaptureState {
  return {
    ...withoutDraft(state),
    submitted: [submission, ...state.submitted.filter((s) => s.draftId !== submission.draftId)].slice(0, REMEMBERED_SUBMISSIONS),
    lastDepartment: department,
  };
}

// ---- what the giver did ------------------------------------------------------------------

/** A typed message that is one of the bot's words rather than an answer. */
export type GiverCommand =
  | { kind: 'cancel' }
  | { kind: 'newIdea' }
  | { kind: 'shortcut'; text: string }
  | { kind: 'mine' }
  | { kind: 'help' }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'submit' }
  | { kind: 'edit'; field?: DraftField };

/** A click on a capture card; `draftId` names the draft the card was made for. */
export type CardClick =
  | { verb: 'capture.submit'; draftId: string }
  | { verb: 'capture.cancel'; draftId: string }
  | { verb: 'capture.edit'; draftId: string; field: DraftField }
  | { verb: 'capture.beneficiaries'; draftId: string; beneficiaries: string }
  /** "Öppna" on a similar idea: show it. */
  | { verb: 'capture.similarOpen'; draftId: string; ideaId: string }
  /** "Lämna in min ändå": go on with one's own idea. */
  | { verb: 'capture.similarContinue'; draftId: string }
  /** "Hör idén till någon av de här utmaningarna?": one of them (`challengeId`), or none (absent). */
  | { verb: 'capture.challengePick'; draftId: string; challengeId?: string };

export type GiverInput =
  /** A typed message: the text without the bot's @mention, and the command it is, if any. */
  | { kind: 'message'; text: string; command?: GiverCommand; hasFiles: boolean }
  /** A click on a capture card (`click` undefined when it could not be read); `cardId` is the clicked card's activity. */
  | { kind: 'click'; click?: CardClick; cardId?: string }
  /** "Svara med en idé" on a challenge's card: start a draft that answers it. */
  | { kind: 'challenge'; challengeId: string }
  /** A click on another feature's card: not capture's business. */
  | { kind: 'otherCard' };

export interface CaptureTurn {
  /** The activity's id; a state-changing turn is recorded under it. */
  readonly activityId?: string;
  /** The personal chat with the bot, or a channel or group chat (where the bot was @mentioned). */
  readonly where: 'personal' | 'shared';
  readonly now: Date;
  readonly giver: { readonly id: string; readonly tenantId?: string; readonly name: string; readonly locale: Locale };
  readonly input: GiverInput;
  /** The id a draft started in this turn gets (also its submission's idempotency key). */
  readonly newDraftId: string;
}

// ---- the facts it may ask for ------------------------------------------------------------

/** The giver's latest ideas and their sluice. */
export interface GiverIdeas {
  readonly sluice: Sluice;
  readonly ideas: readonly IdeaSummary[];
  readonly more: boolean;
  /** Who covers, by idea id, for the ideas whose responsible coach is away today. */
  readonly covers?: Readonly<Record<string, Cover>>;
}

/** Facts from the world; undefined = not fetched yet, null = there is none. */
export interface CaptureFacts {
  readonly sluice?: Sluice | null;
  readonly profile?: DirectoryProfile | null;
  readonly mine?: GiverIdeas | null;
  /** The result of handing in the draft with this idempotency key. */
  readonly submission?: { readonly key: string; readonly result: SubmitResult };
  /** Ideas of the sluice like the draft's text (`text`), best first. */
  readonly similar?: { readonly draftId: string; readonly text: DraftText; readonly ideas: readonly SimilarMatch[] };
  /** A similar idea the giver opened; null when it is not (or no longer) in their sluice. */
  readonly opened?: { readonly ideaId: string; readonly idea: Idea | null };
  /** The sluice's open challenges, newest first. */
  readonly challenges?: readonly OpenChallenge[];
}

export type CaptureNeed =
  | { need: 'sluice' }
  | { need: 'profile' }
  | { need: 'mine' }
  | { need: 'submission'; request: SubmitRequest }
  /** Ideas of this sluice like the draft (an empty or one-word text gets none). */
  | { need: 'similar'; sluiceId: string; draftId: string; text: Required<DraftText> }
  /** One idea of this sluice, to show. */
  | { need: 'similarIdea'; sluiceId: string; ideaId: string }
  /** The open challenges of this sluice. */
  | { need: 'challenges'; sluiceId: string };

// ---- what to say -------------------------------------------------------------------------

/**
 * A value put into a line: a number, the giver's own text (escaped when shown; a challenge's title
 * with its id, which the chat links to the challenge in the tab), or a draft's title.
 */
export type LineValue = number | { readonly text: string; readonly challengeId?: string } | { readonly title: string | undefined };

/** One paragraph of what the bot says, by the key of its text in the capture strings. */
export interface Line {
  readonly key: CaptureLineKey;
  readonly values?: Readonly<Record<string, LineValue>>;
}

/** What became of a summary card the giver clicked. */
export type SummaryOutcome = { kind: 'submitted'; number: number } | { kind: 'cancelled' };

export type Say =
  /** Plain text; `choices` are one-click answers. */
  | { kind: 'text'; lines: readonly Line[]; choices?: readonly Line[] }
  /** The draft's current question after `lead`; `departments` are offered for the department question. */
  | { kind: 'question'; draft: IdeaDraft; lead: readonly Line[]; departments: readonly string[] }
  | { kind: 'help' }
  | { kind: 'myIdeas'; mine: GiverIdeas }
  /** The thank-you and the idea's receipt card. */
  | { kind: 'confirmation'; lines: readonly Line[]; idea: Idea; sluice: Sluice }
  /** Replace the clicked summary card with one that shows what became of it. */
  | { kind: 'markSummary'; cardId: string; draft: IdeaDraft; outcome: SummaryOutcome }
  /** "Det finns 2 idéer som liknar din": the ideas, each with "Öppna", and "Lämna in min ändå". */
  | { kind: 'similarIdeas'; draftId: string; ideas: readonly SimilarMatch[]; sluice: Sluice }
  /** One similar idea the giver opened; `pending` offers "Lämna in min ändå" on it. */
  | { kind: 'similarIdea'; draftId: string; idea: Idea; sluice: Sluice; pending: boolean }
  /** "Hör idén till någon av de här utmaningarna?": one button per open challenge and "Nej"; never waited for. */
  | { kind: 'challengeChoice'; draftId: string; challenges: readonly OpenChallenge[] };

/** What to say in the personal chat when the turn came from a channel, and what to say where it came from. */
export interface PersonalDelivery {
  readonly say: readonly Say[];
  readonly reached: readonly Say[];
  readonly unreached: readonly Say[];
  /** The state to keep instead when the personal chat cannot be reached. */
  readonly stateIfUnreached: CaptureState;
}

export type CaptureStep =
  | { kind: 'need'; need: CaptureNeed }
  /** Not capture's message: the bot's general answers take it. */
  | { kind: 'pass' }
  | {
      kind: 'answer';
      state: CaptureState;
      /** Whether `state` must be written (it differs from the state the turn started with). */
      changed: boolean;
      /** What to say in the turn's own conversation, in order. */
      say: readonly Say[];
      personal?: PersonalDelivery;
    };

/** Every capture string the machine refers to (the texts live with the Teams edge). */
export type CaptureLineKey =
  | 'start.intro'
  | 'start.public'
  | 'start.seeded'
  | 'start.fromMention'
  | 'start.prefilled.profile'
  | 'start.prefilled.previous'
  | 'start.prefilled.work'
  | 'problem.empty'
  | 'problem.tooShort'
  | 'problem.tooLong'
  | 'problem.noChoice'
  | 'problem.attachment'
  | 'problem.seedTooLong'
  | 'cancel.done'
  | 'cancel.nothing'
  | 'restart.ask'
  | 'restart.again'
  | 'restart.yes'
  | 'restart.no'
  | 'restart.kept'
  | 'resume.welcomeBack'
  | 'resume.continue'
  | 'summary.hint'
  | 'summary.whichField'
  | 'submit.done'
  | 'submit.already'
  | 'submit.noSluice'
  | 'submit.incomplete'
  | 'mine.empty'
  | 'mention.moved'
  | 'mention.mineSent'
  | 'mention.cannotReach'
  | 'card.staleDraft'
  | 'card.answered'
  | 'card.cancelSubmitted'
  | 'similar.gone'
  | 'challenge.answering'
  | 'challenge.closed'
  | 'challenge.picked'
  | 'challenge.none';

// ---- the machine -------------------------------------------------------------------------

/** One step of the capture conversation. Pure: no I/O, no clock, no randomness. */
export function stepCapture(state: CaptureState, turn: CaptureTurn, facts: CaptureFacts = {}): CaptureStep {
  const machine = new Step(turn, facts);
  try {
    if (turn.activityId && state.handled?.includes(turn.activityId)) return machine.redelivered(state);
    const step = turn.where === 'personal' ? machine.personal(state) : machine.shared(state);
    return step.kind === 'answer' ? recorded(state, step, turn.activityId) : step;
  } catch (err) {
    if (err instanceof NeedSignal) return { kind: 'need', need: err.need };
    throw err;
  }
}

/** Thrown inside the machine when a fact is missing; {@link stepCapture} turns it into `kind: 'need'`. */
class NeedSignal {
  constructor(readonly need: CaptureNeed) {}
}

type Answer = Extract<CaptureStep, { kind: 'answer' }>;
type Reply = Omit<Answer, 'changed'>;
/** What a branch of the machine gives, before the turn is recorded. */
type Outcome = Reply | { kind: 'pass' };

const line = (key: CaptureLineKey, values?: Record<string, LineValue>): Line => (values ? { key, values } : { key });
const text = (...lines: Line[]): Say => ({ kind: 'text', lines });
const reply = (state: CaptureState, say: readonly Say[]): Reply => ({ kind: 'answer', state, say });

/** Adds the turn's activity id to a state that changed, so a redelivery of it is recognised. */
function recorded(before: CaptureState, step: Reply, activityId: string | undefined): Answer {
  const remember = (state: CaptureState): CaptureState =>
    activityId ? { ...state, handled: [activityId, ...(state.handled ?? [])].slice(0, REMEMBERED_ACTIVITIES) } : state;
  const changed = step.state !== before;
  return {
    ...step,
    state: changed ? remember(step.state) : step.state,
    changed,
    ...(step.personal ? { personal: { ...step.personal, stateIfUnreached: remember(step.personal.stateIfUnreached) } } : {}),
  };
}

function withoutDraft(state: CaptureState): CaptureState {
  const { draft: _draft, restart: _restart, similar: _similar, ...rest } = state;
  return rest;
}

function withoutSimilar(state: CaptureState): CaptureState {
  if (!state.similar) return state;
  const { similar: _similar, ...rest } = state;
  return rest;
}

/** The similar ideas the giver is being shown for this draft, if any. */
function pendingSimilar(state: CaptureState): SimilarShown | undefined {
  return state.similar && state.draft && state.similar.draftId === state.draft.id ? state.similar : undefined;
}

/** "12", "#12", "öppna 12", "open #12": a typed wish to open a shown idea by its number. */
function typedNumber(text: string): number | undefined {
  const match = /^(?:öppna|oppna|open)?\s*#?(\d{1,9})\s*$/iu.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

const TEXT_STEPS: ReadonlySet<string> = new Set(['title', 'need', 'idea']);
const PAST_IDEA: ReadonlySet<string> = new Set(['beneficiaries', 'department', 'summary']);

function withoutRestart(state: CaptureState): CaptureState {
  const { restart: _restart, ...rest } = state;
  return rest;
}

class Step {
  constructor(
    private readonly turn: CaptureTurn,
    private readonly facts: CaptureFacts,
  ) {}

  // ---- facts ----

  private sluice(): Sluice | undefined {
    if (!this.turn.giver.tenantId) return undefined;
    if (this.facts.sluice === undefined) throw new NeedSignal({ need: 'sluice' });
    return this.facts.sluice ?? undefined;
  }

  private profile(): DirectoryProfile | undefined {
    if (!this.turn.giver.tenantId) return undefined;
    if (this.facts.profile === undefined) throw new NeedSignal({ need: 'profile' });
    return this.facts.profile ?? undefined;
  }

  private mine(): Say {
    if (!this.turn.giver.tenantId) return text(line('submit.noSluice'));
    if (this.facts.mine === undefined) throw new NeedSignal({ need: 'mine' });
    const mine = this.facts.mine;
    if (!mine) return text(line('submit.noSluice'));
    if (mine.ideas.length === 0) return text(line('mine.empty'));
    return { kind: 'myIdeas', mine };
  }

  /** Ideas of the giver's sluice like the draft (none without a sluice). */
  private similarTo(draft: IdeaDraft): readonly SimilarMatch[] {
    const sluice = this.sluice();
    if (!sluice) return [];
    const text = { title: draft.title ?? '', need: draft.need ?? '', idea: draft.idea ?? '' };
    const known = this.facts.similar;
    const same =
      known?.draftId === draft.id && known.text.title === text.title && known.text.need === text.need && known.text.idea === text.idea;
    if (!known || !same) throw new NeedSignal({ need: 'similar', sluiceId: sluice.id, draftId: draft.id, text });
    return known.ideas.slice(0, SIMILAR_SHOWN);
  }

  private openedIdea(sluice: Sluice, ideaId: string): Idea | null {
    const known = this.facts.opened;
    if (known?.ideaId !== ideaId) throw new NeedSignal({ need: 'similarIdea', sluiceId: sluice.id, ideaId });
    return known.idea;
  }

  /** The sluice's open challenges, newest first (none without a sluice). */
  private openChallenges(): readonly OpenChallenge[] {
    const sluice = this.sluice();
    if (!sluice) return [];
    if (this.facts.challenges === undefined) throw new NeedSignal({ need: 'challenges', sluiceId: sluice.id });
    return this.facts.challenges;
  }

  private submission(request: SubmitRequest): SubmitResult {
    const known = this.facts.submission;
    if (known?.key !== request.idempotencyKey) throw new NeedSignal({ need: 'submission', request });
    return known.result;
  }

  // ---- a redelivered activity ----

  /** The same activity again: nothing changes; the giver is shown where they are. */
  redelivered(state: CaptureState): Answer {
    const input = this.turn.input;
    const submitted = input.kind === 'click' ? state.submitted.find((s) => s.draftId === input.click?.draftId) : undefined;
    const say: Say[] = submitted
      ? [text(line('submit.already', { number: submitted.number }))]
      : state.draft && this.turn.where === 'personal'
        ? [state.restart ? this.restartQuestion(state.draft) : this.current(state, state.draft)]
        : [];
    return { kind: 'answer', state, changed: false, say };
  }

  // ---- personal chat ----

  personal(state: CaptureState): Outcome {
    const input = this.turn.input;
    if (input.kind === 'otherCard') return { kind: 'pass' };
    if (input.kind === 'challenge') return this.answerChallenge(state, input.challengeId, 'chat');
    if (input.kind === 'click') return this.cardAction(state, input.click, input.cardId);

    const draft = state.draft;
    const shown = pendingSimilar(state);
    if (shown && draft && !state.restart && input.command?.kind !== 'cancel') {
      // Never a wall: a typed number opens that idea, anything else goes on with the giver's own.
      const number = input.command ? undefined : typedNumber(input.text);
      const named = number === undefined ? undefined : shown.ideas.find((m) => m.number === number);
      if (named) return this.openSimilar(state, draft, named.id);
      const on = withoutSimilar(state);
      if (input.command || !input.text) return this.typed(on, input);
      // Typed straight on: taken as the answer to who benefits when it reads as one, else that question is asked.
      const answers = draft.step === 'beneficiaries' && parseBeneficiaries(input.text) !== undefined;
      return answers ? this.answer(on, draft, input.text, undefined) : reply(on, [this.question(draft)]);
    }
    return this.typed(state, input);
  }

  /** A typed message in the personal chat: a command, or the answer to the current question. */
  private typed(state: CaptureState, input: Extract<GiverInput, { kind: 'message' }>): Outcome {
    const command = input.command;
    if (command?.kind === 'cancel') return this.cancel(state);
    if (state.restart) return this.restartAnswer(state, state.restart, command);
    if (command?.kind === 'newIdea') return this.begin(state, 'chat');
    if (command?.kind === 'shortcut') return this.begin(state, 'chat', command.text);
    if (command?.kind === 'mine') {
      const mine = this.mine();
      return reply(state, state.draft ? [mine, this.question(state.draft, [line('resume.continue')])] : [mine]);
    }

    const draft = state.draft;
    if (!draft) return { kind: 'pass' };
    if (command?.kind === 'help') return reply(state, [{ kind: 'help' }, this.question(draft, [line('resume.continue')])]);
    if (!input.text) return reply(state, [this.question(draft, [line(input.hasFiles ? 'problem.attachment' : 'problem.empty')])]);
    if (isResumedAfterPause(draft, this.turn.now)) {
      // After a long pause the message is more likely a greeting than an answer: show where we are.
      const next = touch(draft, this.turn.now);
      return reply({ ...state, draft: next }, [this.question(next, [line('resume.welcomeBack', { title: { title: draft.title } })])]);
    }
    return this.answer(state, draft, input.text, command);
  }

  /** The giver's answer to the current question (or a typed word at the summary). */
  private answer(state: CaptureState, draft: IdeaDraft, typed: string, command: GiverCommand | undefined): Reply {
    if (draft.step === 'summary') {
      if (command?.kind === 'submit') return this.submit(state, draft);
      if (command?.kind === 'edit' && command.field) return this.edit(state, draft, command.field);
      return reply(state, [this.question(draft, [line(command?.kind === 'edit' ? 'summary.whichField' : 'summary.hint')])]);
    }
    const now = this.turn.now;
    const result =
      draft.step === 'beneficiaries'
        ? answerBeneficiaries(draft, parseBeneficiaries(typed) ?? [], now)
        : answerText(draft, draft.step, draft.step === 'department' ? this.departmentNamed(typed) : typed, now);
    if (!result.ok) return reply(state, [this.question(draft, [problemLine(result.problem, typed)])]);
    return this.answered(state, result.draft);
  }

  /**
   * After an accepted answer: the draft is kept and the next question asked. A step between
   * two questions (similar ideas once the idea is written, before who benefits and the summary)
   * goes here: it sees the draft before (`state.draft`) and after the answer. See docs/capture.md.
   */
  private answered(state: CaptureState, draft: IdeaDraft): Reply {
    const before = state.draft;
    // Once, when the idea is written (not when it is changed from the summary): ideas like it.
    if (before && !before.editing && TEXT_STEPS.has(before.step) && PAST_IDEA.has(draft.step)) {
      const ideas = this.similarTo(draft);
      if (ideas.length > 0) {
        const similar: SimilarShown = { draftId: draft.id, ideas };
        return reply({ ...state, draft, similar }, [this.similarSay(similar)]);
      }
    }
    return reply({ ...state, draft }, [this.question(draft)]);
  }

  /** What the giver is being asked now: the similar ideas while they are shown, else the draft's question. */
  private current(state: CaptureState, draft: IdeaDraft, lead: readonly Line[] = []): Say {
    const shown = pendingSimilar(state);
    return shown ? this.similarSay(shown) : this.question(draft, lead);
  }

  private similarSay(shown: SimilarShown): Say {
    const sluice = this.sluice();
    if (!sluice) throw new Error('Similar ideas are shown only to a giver with a sluice');
    return { kind: 'similarIdeas', draftId: shown.draftId, ideas: shown.ideas, sluice };
  }

  /** Shows one idea of the giver's sluice; changes nothing, so the giver can open another or go on. */
  private openSimilar(state: CaptureState, draft: IdeaDraft, ideaId: string): Reply {
    const sluice = this.sluice();
    if (!sluice) return reply(state, [this.question(draft)]);
    const idea = this.openedIdea(sluice, ideaId);
    const pending = pendingSimilar(state) !== undefined;
    const then = pending ? [] : [this.question(draft, [line('resume.continue')])];
    if (!idea) return reply(state, [text(line('similar.gone')), ...(pending ? [this.current(state, draft)] : then)]);
    return reply(state, [{ kind: 'similarIdea', draftId: draft.id, idea, sluice, pending }, ...then]);
  }

  /**
   * The sluice's own name for a department the giver typed ("IFO" → "Individ- och
   * familjeomsorg", "socialförvaltn." → "Socialförvaltningen"); what matches none is kept as typed.
   */
  private departmentNamed(typed: string): string {
    const sluice = this.sluice();
    return (sluice && findDepartment(departmentsOf(sluice), typed)?.name) ?? typed;
  }

  private edit(state: CaptureState, draft: IdeaDraft, field: DraftField): Reply {
    const next = editField(draft, field, this.turn.now);
    return reply({ ...state, draft: next }, [this.question(next)]);
  }

  /** "ny idé", "idé: …": starts a draft, or asks first when one is already in progress. */
  private begin(state: CaptureState, source: DraftSource, seedText?: string): Reply {
    const checked = this.checkStart(seedText);
    if (!checked.ok) return reply(state, [checked.say]);
    if (state.draft) return reply({ ...state, restart: { seed: checked.seed, source } }, [this.restartQuestion(state.draft)]);
    return this.startNew(state, checked.seed, source);
  }

  /** A capture may start only where there is a sluice to receive it, with text that fits. */
  private checkStart(seedText?: string): { ok: true; seed: DraftSeed } | { ok: false; say: Say } {
    if (!this.sluice()) return { ok: false, say: text(line('submit.noSluice')) };
    if (seedText === undefined) return { ok: true, seed: {} };
    const seeded = seedFromText(seedText);
    if (seeded.ok) return { ok: true, seed: seeded.seed };
    const count = [...cleanText(seedText)].length;
    return { ok: false, say: text(line('problem.seedTooLong', { count, limit: seeded.problem.limit })) };
  }

  /** What the directory says of the giver's work, recorded with the idea: shown so they know. */
  private workLine(): Line[] {
    const profile = this.profile();
    const work = [profile?.jobTitle, profile?.companyName].filter((v): v is string => !!v && v.trim() !== '');
    return work.length > 0 ? [line('start.prefilled.work', { work: { text: work.join(', ') } })] : [];
  }

  private startNew(state: CaptureState, seed: DraftSeed, source: DraftSource, challenge?: OpenChallenge): Reply {
    const department = departmentPrefill({ directory: this.profile()?.department, previous: state.lastDepartment });
    const draft = startDraft({
      id: this.turn.newDraftId,
      now: this.turn.now,
      source,
      seed,
      ...(department ? { department } : {}),
      ...(challenge ? { challenge } : {}),
    });
    const seeded = seed.idea !== undefined || seed.title !== undefined;
    // While challenges are open, a draft that answers none is asked whether it does: a card beside
    // the first question, never waited for (the giver simply answers the question).
    const offered = challenge ? [] : this.openChallenges().slice(0, CHALLENGE_CHOICES);
    const choice: Say[] = offered.length > 0 ? [{ kind: 'challengeChoice', draftId: draft.id, challenges: offered }] : [];
    const lead = [
      ...(challenge ? [line('challenge.answering', { title: { text: challenge.title, challengeId: challenge.id } })] : []),
      ...(source === 'mention' && !challenge ? [line('start.fromMention')] : []),
      line(seeded ? 'start.seeded' : 'start.intro'),
      line('start.public'),
      ...(draft.department && draft.departmentFrom
        ? [line(`start.prefilled.${draft.departmentFrom}`, { department: { text: draft.department } })]
        : []),
      ...this.workLine(),
    ];
    return reply({ ...withoutSimilar(withoutRestart(state)), draft }, [this.question(draft, lead), ...choice]);
  }

  /**
   * "Svara med en idé" on a challenge's card: a draft that answers it (or, with one in progress,
   * the question whether to start over). A challenge that is closed, or not of the giver's sluice, is said to be closed.
   */
  private answerChallenge(state: CaptureState, challengeId: string, source: DraftSource): Reply {
    if (!this.sluice()) return reply(state, [text(line('submit.noSluice'))]);
    const challenge = this.openChallenges().find((c) => c.id === challengeId);
    if (!challenge) return reply(state, [text(line('challenge.closed'))]);
    const draft = state.draft;
    if (draft?.challenge?.id === challengeId) return reply(state, [this.current(state, draft, [line('resume.continue')])]);
    if (draft) return reply({ ...state, restart: { seed: {}, source, challenge } }, [this.restartQuestion(draft)]);
    return this.startNew(state, {}, source, challenge);
  }

  /** The answer to "Hör idén till någon av de här utmaningarna?": one of the open ones, or none. */
  private pickChallenge(state: CaptureState, draft: IdeaDraft, challengeId: string | undefined): Reply {
    const { challenge: _previous, ...rest } = draft;
    if (challengeId === undefined) {
      const next: IdeaDraft = { ...rest, updatedAt: this.turn.now.toISOString() };
      return reply({ ...state, draft: next }, [text(line('challenge.none')), this.current(state, next)]);
    }
    const challenge = this.openChallenges().find((c) => c.id === challengeId);
    if (!challenge) return reply(state, [text(line('challenge.closed')), this.current(state, draft)]);
    const next: IdeaDraft = { ...rest, challenge: { id: challenge.id, title: challenge.title }, updatedAt: this.turn.now.toISOString() };
    return reply({ ...state, draft: next }, [
      text(line('challenge.picked', { title: { text: challenge.title, challengeId: challenge.id } })),
      this.current(state, next),
    ]);
  }

  private restartQuestion(draft: IdeaDraft, again = false): Say {
    const ask = again ? line('restart.again') : line('restart.ask', { title: { title: draft.title } });
    return { kind: 'text', lines: [ask], choices: [line('restart.yes'), line('restart.no')] };
  }

  /** The answer to "do you want to start over?". */
  private restartAnswer(state: CaptureState, restart: NonNullable<CaptureState['restart']>, command: GiverCommand | undefined): Reply {
    const rest = withoutRestart(state);
    if (!state.draft || command?.kind === 'yes') return this.startNew(rest, restart.seed, restart.source, restart.challenge);
    if (command?.kind === 'no') return reply(rest, [this.question(state.draft, [line('restart.kept')])]);
    return reply(state, [this.restartQuestion(state.draft, true)]);
  }

  private cancel(state: CaptureState, cardId?: string): Reply {
    if (!state.draft && !state.restart) return reply(state, [text(line('cancel.nothing'))]);
    const mark: Say[] = state.draft && cardId ? [{ kind: 'markSummary', cardId, draft: state.draft, outcome: { kind: 'cancelled' } }] : [];
    return reply(withoutDraft(state), [...mark, text(line('cancel.done'))]);
  }

  // ---- card clicks ----

  private cardAction(state: CaptureState, click: CardClick | undefined, cardId: string | undefined): Reply {
    const submitted = click ? state.submitted.find((s) => s.draftId === click.draftId) : undefined;
    if (click && submitted) {
      const key = click.verb === 'capture.cancel' ? 'card.cancelSubmitted' : 'submit.already';
      return reply(state, [text(line(key, { number: submitted.number }))]);
    }
    const draft = state.draft;
    if (!click || !draft || draft.id !== click.draftId) {
      const stale = text(line('card.staleDraft'));
      return reply(state, draft ? [stale, this.question(draft, [line('resume.continue')])] : [stale]);
    }
    if (click.verb === 'capture.similarOpen') return this.openSimilar(state, draft, click.ideaId);
    if (click.verb === 'capture.challengePick') return this.pickChallenge(state, draft, click.challengeId);
    if (click.verb === 'capture.similarContinue') {
      if (!pendingSimilar(state)) return reply(state, [this.current(state, draft, [line('resume.continue')])]);
      return reply(withoutSimilar(state), [this.question(draft)]);
    }
    // A click on the current draft's card answers any pending "start over?" with "no", and goes on from similar ideas.
    const current = withoutSimilar(state.restart ? withoutRestart(state) : state);
    switch (click.verb) {
      case 'capture.submit':
        return this.submit(current, draft, cardId);
      case 'capture.cancel':
        return this.cancel(current, cardId);
      case 'capture.edit':
        return this.edit(current, draft, click.field);
      case 'capture.beneficiaries': {
        if (draft.step !== 'beneficiaries') return reply(current, [this.question(draft, [line('card.answered')])]);
        const result = answerBeneficiaries(draft, beneficiariesFromChoice(click.beneficiaries), this.turn.now);
        if (!result.ok) return reply(current, [this.question(draft, [problemLine(result.problem, '')])]);
        return this.answered(current, result.draft);
      }
    }
  }

  // ---- submission ----

  /** Hands the idea in (one per draft, however often this runs) and only then confirms it. */
  private submit(state: CaptureState, draft: IdeaDraft, cardId?: string): Reply {
    const complete = ideaTextOf(draft);
    if (!complete.ok) {
      const next: IdeaDraft = { ...draft, step: complete.missing[0] ?? 'title', editing: false };
      return reply({ ...state, draft: next }, [this.question(next, [line('submit.incomplete')])]);
    }
    const person = this.turn.giver;
    const locale = person.locale;
    if (!person.tenantId) return reply(withoutDraft(state), [text(line('submit.noSluice'))]);
    const giver = giverOf(
      { id: person.id, tenantId: person.tenantId, name: person.name },
      { department: complete.text.department, locale, profile: this.profile() },
    );
    const result = this.submission({
      giver,
      text: complete.text,
      source: draft.source,
      idempotencyKey: draft.id,
      ...(draft.challenge ? { challengeId: draft.challenge.id } : {}),
    });
    if (!result.ok && result.error === 'noSluice') return reply(withoutDraft(state), [text(line('submit.noSluice'))]);
    if (!result.ok) {
      const next = editField(draft, (result.problems[0]?.field ?? 'title') as DraftField, this.turn.now);
      return reply({ ...state, draft: next }, [
        this.question(next, [line('submit.incomplete'), ...result.problems.map((p) => problemLine(p, ''))]),
      ]);
    }
    const { idea, sluice, created } = result;
    const mark: Say[] = cardId ? [{ kind: 'markSummary', cardId, draft, outcome: { kind: 'submitted', number: idea.number } }] : [];
    const next = rememberSubmission(
      state,
      { draftId: draft.id, sluiceId: sluice.id, ideaId: idea.id, number: idea.number },
      idea.department,
    );
    const thanks = created
      ? line('submit.done', { name: { text: firstName(giver.name) }, number: idea.number })
      : line('submit.already', { number: idea.number });
    return reply(next, [...mark, { kind: 'confirmation', lines: [thanks], idea, sluice }]);
  }

  // ---- channels and group chats ----

  /**
   * An @mention with text in a channel or group chat: the capture starts with that text and
   * continues in the giver's personal chat, where the questions are nobody else's business.
   */
  shared(state: CaptureState): Outcome {
    const input = this.turn.input;
    const cannotReach = [text(line('mention.cannotReach'))];
    if (input.kind === 'challenge') {
      // "Svara med en idé" in a channel: the draft goes on in the personal chat; the channel hears nothing
      // unless the chat cannot be reached (a reply per click would fill the thread).
      const started = this.answerChallenge(state, input.challengeId, 'mention');
      const personal = { say: started.say, reached: [], unreached: cannotReach, stateIfUnreached: state };
      return { kind: 'answer', state: started.state, say: [], personal };
    }
    if (input.kind !== 'message' || !input.text || input.command?.kind === 'help') return { kind: 'pass' };
    const command = input.command;
    if (command?.kind === 'mine') {
      const personal = { say: [this.mine()], reached: [text(line('mention.mineSent'))], unreached: cannotReach, stateIfUnreached: state };
      return { kind: 'answer', state, say: [], personal };
    }
    if (command?.kind === 'cancel') return this.cancel(state);

    const seedText = command?.kind === 'shortcut' ? command.text : command?.kind === 'newIdea' ? undefined : input.text;
    const checked = this.checkStart(seedText);
    if (!checked.ok) return reply(state, [checked.say]);
    const started = state.draft
      ? reply({ ...state, restart: { seed: checked.seed, source: 'mention' } }, [this.restartQuestion(state.draft)])
      : this.startNew(state, checked.seed, 'mention');
    const personal = { say: started.say, reached: [text(line('mention.moved'))], unreached: cannotReach, stateIfUnreached: state };
    return { kind: 'answer', state: started.state, say: [], personal };
  }

  // ---- questions ----

  /** Asks the draft's current question after `lead`; the department question offers the sluice's departments. */
  private question(draft: IdeaDraft, lead: readonly Line[] = []): Say {
    const departments = draft.step === 'department' ? (this.sluice()?.departments ?? []).slice(0, DEPARTMENT_SUGGESTIONS) : [];
    return { kind: 'question', draft, lead, departments };
  }
}

/** Says plainly what is wrong with an answer. */
export function problemLine(problem: AnswerProblem, answer: string): Line {
  switch (problem.problem) {
    case 'empty':
      return line('problem.empty');
    case 'tooShort':
      return line('problem.tooShort', { limit: problem.limit });
    case 'tooLong':
      return line('problem.tooLong', { count: [...cleanText(answer)].length, limit: problem.limit });
    case 'noChoice':
      return line('problem.noChoice');
  }
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

// ---- where the state lives ---------------------------------------------------------------

/**
 * Where each giver's {@link CaptureState} is kept (Cosmos), keyed by the person. Every write is
 * conditional, so a turn that read an older state — a redelivered activity handled by another
 * instance at the same time — cannot overwrite a newer one; it reads again and steps again.
 */
export interface CaptureStateRepository {
  /** The giver's state and its version; undefined when they have none yet. */
  get(key: string): Promise<Versioned<CaptureState> | undefined>;
  /**
   * Writes the state only if it is unchanged since `etag` was read — with no `etag`, only if
   * there is none yet. Resolves to the new version; throws `ConflictError` (ports) when another
   * write came first.
   */
  put(key: string, state: CaptureState, etag: string | undefined): Promise<string>;
}
