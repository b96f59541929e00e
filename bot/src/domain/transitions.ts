import { randomUUID } from 'node:crypto';
import type { HistoryEvent, HistoryKind, Idea, IdeaText, Person } from './idea';
import { checkIdeaText, checkText, cleanText, openQuestion, type TextProblem } from './idea';
import { checkEffects, type EffectInput, type EffectProblem } from './effects';
import type { Sluice } from './sluice';
import { isCoach, mayCoach } from './sluice';
import { duplicateReason, linkTo } from './idea-links';
import { NEXT_STAGE, OPEN_STAGES, type Stage } from './stages';

/** Everything that can happen to an idea after it was submitted. */
export type IdeaAction =
  | { type: 'take' }
  /** `effects`: what the idea achieved; required when the next stage is Införd (`done`), refused before. */
  | { type: 'advance'; comment?: string; effects?: readonly EffectInput[] }
  /** `duplicateOf`: a linked idea this one duplicates; the reason then names it and the coach's words are optional. */
  | { type: 'decline'; reason?: string; duplicateOf?: string }
  | { type: 'askInfo'; question: string }
  /** `questionId`: the question the giver's card showed; only the latest open one is answered. */
  | { type: 'answerInfo'; answer: string; questionId?: string }
  | { type: 'reassign'; coachId: string; coachName?: string }
  | { type: 'reopen'; comment?: string }
  | { type: 'edit'; text: Partial<IdeaText> }
  | { type: 'withdraw'; reason?: string }
  /** `decisionId`: the decision the rating card was sent for; one rating per decision. */
  | { type: 'rate'; rating: number; comment?: string; decisionId?: string };

export type IdeaActionType = IdeaAction['type'];

/** Actions only a coach (or admin) of the idea's sluice may take. */
export const COACH_ACTIONS: readonly IdeaActionType[] = ['take', 'advance', 'decline', 'askInfo', 'reassign', 'reopen'];
/** Actions only the idea's giver may take. */
export const GIVER_ACTIONS: readonly IdeaActionType[] = ['answerInfo', 'edit', 'withdraw', 'rate'];

export type TransitionError =
  | { code: 'forbidden'; role: 'coach' | 'giver' }
  | { code: 'notAllowedNow'; stage: Stage; needsInfo: boolean }
  | { code: 'invalidInput'; problems: TextProblem[] }
  /** The effects recorded at Införd are missing or wrong (or were given before Införd). */
  | { code: 'invalidEffects'; problems: EffectProblem[] }
  | { code: 'invalidRating' }
  | { code: 'unknownCoach' }
  /** `duplicateOf` names an idea this one is not linked to. */
  | { code: 'notLinked' }
  /** The event the card named is not in the idea's history (a card of another idea). */
  | { code: 'unknownEvent' }
  /** The question was answered already, or a newer one replaced it; `answer` is the giver's answer to it. */
  | { code: 'questionClosed'; answer?: HistoryEvent }
  /** The giver rated this decision already. */
  | { code: 'alreadyRated'; rating: HistoryEvent };

export type TransitionResult = { ok: true; idea: Idea; event: HistoryEvent } | { ok: false; error: TransitionError };

/** Whether the action is possible in the idea's current state, regardless of who asks. */
export function isAllowedNow(idea: Pick<Idea, 'stage' | 'needsInfo' | 'coach'>, type: IdeaActionType): boolean {
  const open = OPEN_STAGES.includes(idea.stage);
  switch (type) {
    case 'take':
      return idea.stage === 'submitted';
    case 'advance':
      // A new idea is moved on by taking it, so it always gets a responsible coach.
      return idea.stage !== 'submitted' && NEXT_STAGE[idea.stage] !== undefined;
    case 'decline':
    case 'askInfo':
      return open && !(type === 'askInfo' && idea.needsInfo);
    case 'reassign':
      return open;
    case 'reopen':
      return idea.stage === 'closed';
    case 'answerInfo':
      return idea.needsInfo;
    case 'edit':
      return idea.stage === 'submitted' || idea.stage === 'screening';
    case 'withdraw':
      return open;
    case 'rate':
      return true;
  }
}

/**
 * The coach actions a card or the tab should offer for an idea right now. Reassign only when the
 * sluice has another coach to give the idea to.
 */
export function coachActionsFor(idea: Pick<Idea, 'stage' | 'needsInfo' | 'coach'>, sluice: Pick<Sluice, 'coaches'>): IdeaActionType[] {
  return COACH_ACTIONS.filter((t) => isAllowedNow(idea, t) && (t !== 'reassign' || reassignTargets(sluice, idea).length > 0));
}

/** The coaches an idea can be given to: every coach of the sluice but its current one. */
export function reassignTargets(sluice: Pick<Sluice, 'coaches'>, idea: Pick<Idea, 'coach'>): Sluice['coaches'] {
  return sluice.coaches.filter((c) => c.id !== idea.coach?.id);
}

/** The giver's answer to a question, if they gave one before a newer question. */
export function answerTo(idea: Pick<Idea, 'history'>, questionId: string): HistoryEvent | undefined {
  const index = idea.history.findIndex((e) => e.id === questionId);
  if (index < 0) return undefined;
  for (const event of idea.history.slice(index + 1)) {
    if (event.kind === 'infoRequested') return undefined;
    if (event.kind === 'infoAnswered') return event;
  }
  return undefined;
}

/** The rating the giver gave after a decision, if any. */
export function ratingAfter(idea: Pick<Idea, 'history'>, decisionId: string): HistoryEvent | undefined {
  const index = idea.history.findIndex((e) => e.id === decisionId);
  return index < 0 ? undefined : idea.history.slice(index + 1).find((e) => e.kind === 'rated');
}

/** Whether a giver's answer or rating is still taken: the card's question or decision as the idea is now. */
function giverCardProblem(idea: Idea, action: IdeaAction): TransitionError | undefined {
  if (action.type === 'answerInfo' && action.questionId !== undefined) {
    const question = idea.history.find((e) => e.id === action.questionId && e.kind === 'infoRequested');
    if (!question) return { code: 'unknownEvent' };
    if (openQuestion(idea)?.id !== question.id) {
      const answer = answerTo(idea, question.id);
      return { code: 'questionClosed', ...(answer ? { answer } : {}) };
    }
  }
  if (action.type === 'rate' && action.decisionId !== undefined) {
    if (!idea.history.some((e) => e.id === action.decisionId)) return { code: 'unknownEvent' };
    const rating = ratingAfter(idea, action.decisionId);
    if (rating) return { code: 'alreadyRated', rating };
  }
  return undefined;
}

/** May this person take this kind of action on this idea in this sluice? */
export function mayPerform(
  sluice: Sluice,
  idea: Pick<Idea, 'giver'>,
  actor: Pick<Person, 'id' | 'tenantId'>,
  type: IdeaActionType,
): boolean {
  if (COACH_ACTIONS.includes(type)) return mayCoach(sluice, actor);
  return idea.giver.id === actor.id && idea.giver.tenantId === actor.tenantId;
}

/**
 * Applies one action to an idea: checks who acts, whether the action is possible now and its
 * input, and returns the new idea with exactly one new history event. Pure: no I/O.
 */
export function applyAction(sluice: Sluice, idea: Idea, actor: Person, action: IdeaAction, now: Date): TransitionResult {
  if (!mayPerform(sluice, idea, actor, action.type)) {
    return fail({ code: 'forbidden', role: COACH_ACTIONS.includes(action.type) ? 'coach' : 'giver' });
  }
  const cardProblem = giverCardProblem(idea, action);
  if (cardProblem) return fail(cardProblem);
  if (!isAllowedNow(idea, action.type) || (action.type === 'reassign' && reassignTargets(sluice, idea).length === 0)) {
    return fail({ code: 'notAllowedNow', stage: idea.stage, needsInfo: idea.needsInfo });
  }
  const at = now.toISOString();
  const who = { id: actor.id, name: actor.name };
  const event = (kind: HistoryKind, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
    id: randomUUID(),
    kind,
    at,
    actor: who,
    ...extra,
  });
  const moved = (to: Stage, changes: Partial<Idea>, ev: HistoryEvent): TransitionResult =>
    done(idea, { ...changes, stage: to, stageChangedAt: to === idea.stage ? idea.stageChangedAt : at }, ev, at);

  switch (action.type) {
    case 'take':
      return moved('screening', { coach: who }, event('taken', { from: idea.stage, to: 'screening' }));
    case 'advance': {
      const to = NEXT_STAGE[idea.stage] as Stage;
      const comment = optional(action.comment);
      if (comment.problem) return fail({ code: 'invalidInput', problems: [comment.problem] });
      if (to !== 'done') {
        if (action.effects?.length) return fail({ code: 'invalidEffects', problems: [{ field: 'effects', problem: 'invalid' }] });
        return moved(to, { coach: idea.coach ?? who }, event('advanced', { from: idea.stage, to, text: comment.value }));
      }
      const checked = checkEffects(action.effects);
      if (!checked.ok) return fail({ code: 'invalidEffects', problems: checked.problems });
      return moved(
        to,
        { coach: idea.coach ?? who, effects: checked.effects },
        event('advanced', { from: idea.stage, to, text: comment.value, effects: checked.effects }),
      );
    }
    case 'decline': {
      const duplicate = action.duplicateOf !== undefined ? linkTo(idea, action.duplicateOf) : undefined;
      if (action.duplicateOf !== undefined && !duplicate) return fail({ code: 'notLinked' });
      const reason = duplicate
        ? optional(action.reason)
        : { value: cleanText(action.reason ?? ''), problem: checkText('reason', action.reason) };
      if (reason.problem) return fail({ code: 'invalidInput', problems: [reason.problem] });
      const text = duplicate ? duplicateReason(duplicate, reason.value) : (reason.value ?? '');
      const link = duplicate
        ? { ideaId: duplicate.ideaId, number: duplicate.number, title: duplicate.title, kind: duplicate.kind }
        : undefined;
      return moved(
        'closed',
        { needsInfo: false, pendingQuestion: undefined, coach: idea.coach ?? who },
        event('declined', { from: idea.stage, to: 'closed', text, ...(link ? { link } : {}) }),
      );
    }
    case 'askInfo': {
      const problem = checkText('reason', action.question);
      if (problem) return fail({ code: 'invalidInput', problems: [problem] });
      const question = cleanText(action.question);
      return done(idea, { needsInfo: true, pendingQuestion: question }, event('infoRequested', { text: question }), at);
    }
    case 'answerInfo': {
      const problem = checkText('reason', action.answer);
      if (problem) return fail({ code: 'invalidInput', problems: [problem] });
      return done(idea, { needsInfo: false, pendingQuestion: undefined }, event('infoAnswered', { text: cleanText(action.answer) }), at);
    }
    case 'reassign': {
      if (!isCoach(sluice, action.coachId) || action.coachId === idea.coach?.id) return fail({ code: 'unknownCoach' });
      const known = sluice.coaches.find((c) => c.id === action.coachId);
      const coach = { id: action.coachId, name: action.coachName ?? known?.name ?? action.coachId };
      return done(idea, { coach }, event('reassigned', { coach }), at);
    }
    case 'reopen': {
      const comment = optional(action.comment);
      if (comment.problem) return fail({ code: 'invalidInput', problems: [comment.problem] });
      const closedFrom = [...idea.history].reverse().find((e) => e.to === 'closed')?.from;
      const to: Stage = closedFrom && closedFrom !== 'submitted' ? closedFrom : 'screening';
      return moved(to, { coach: idea.coach ?? who }, event('reopened', { from: 'closed', to, text: comment.value }));
    }
    case 'edit': {
      const text = cleanIdeaText({ ...pickText(idea), ...action.text });
      const problems = checkIdeaText(text);
      if (problems.length > 0) return fail({ code: 'invalidInput', problems });
      return done(idea, text, event('edited'), at);
    }
    case 'withdraw': {
      const reason = optional(action.reason);
      if (reason.problem) return fail({ code: 'invalidInput', problems: [reason.problem] });
      return moved(
        'closed',
        { needsInfo: false, pendingQuestion: undefined },
        event('withdrawn', { from: idea.stage, to: 'closed', text: reason.value }),
      );
    }
    case 'rate': {
      if (!Number.isInteger(action.rating) || action.rating < 1 || action.rating > 5) return fail({ code: 'invalidRating' });
      const comment = optional(action.comment);
      if (comment.problem) return fail({ code: 'invalidInput', problems: [comment.problem] });
      const satisfaction = [...idea.satisfaction, { rating: action.rating, comment: comment.value, at, stage: idea.stage }];
      return done(idea, { satisfaction }, event('rated', { rating: action.rating, text: comment.value }), at);
    }
  }
}

/** Cleans every text field of an idea text (trim, line breaks, control characters). */
export function cleanIdeaText(text: IdeaText): IdeaText {
  return {
    title: cleanText(text.title),
    need: cleanText(text.need),
    idea: cleanText(text.idea),
    department: cleanText(text.department),
    beneficiaries: [...new Set(text.beneficiaries)],
  };
}

function pickText(idea: IdeaText): IdeaText {
  const { title, need, idea: body, beneficiaries, department } = idea;
  return { title, need, idea: body, beneficiaries, department };
}

function optional(raw: string | undefined): { value?: string; problem?: TextProblem } {
  if (raw === undefined || cleanText(raw) === '') return {};
  const problem = checkText('reason', raw);
  return problem ? { problem } : { value: cleanText(raw) };
}

function done(idea: Idea, changes: Partial<Idea>, event: HistoryEvent, at: string): TransitionResult {
  const next: Idea = { ...idea, ...changes, history: [...idea.history, event], updatedAt: at, version: idea.version + 1 };
  return { ok: true, idea: stripUndefined(next), event };
}

function fail(error: TransitionError): TransitionResult {
  return { ok: false, error };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
