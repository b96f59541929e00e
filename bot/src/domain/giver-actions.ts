import { openQuestion, type HistoryEvent, type Idea, type Person } from './idea';
import { isDecision } from './notifications';
import { SATISFACTION_STAGES, type Stage } from './stages';
import { isAllowedNow, ratingAfter, type IdeaActionType } from './transitions';

/** What the giver of an idea can do with it from the tab, by the names of the tab's routes. */
export type GiverActionType = 'answerQuestion' | 'edit' | 'withdraw' | 'rate';

const DOMAIN_ACTION: Readonly<Record<GiverActionType, IdeaActionType>> = {
  answerQuestion: 'answerInfo',
  edit: 'edit',
  withdraw: 'withdraw',
  rate: 'rate',
};

/** What the giver is offered on their own idea right now; nothing for anyone else. */
export interface GiverView {
  readonly actions: readonly GiverActionType[];
  /** The coach's open question (the history event) while the idea waits for the giver's answer. */
  readonly questionId?: string;
  /** The decision the giver was asked to rate and has not rated yet. */
  readonly ratingAsked?: { readonly decisionId: string; readonly stage: Stage };
}

/**
 * The giver's own actions on an idea, by the same rules the chat's cards follow
 * ({@link isAllowedNow}): answer while a question is open, edit until the idea leaves the first
 * talk, withdraw while it is open, and rate once after each decision they were asked about.
 */
export function giverViewOf(idea: Pick<Idea, 'giver' | 'stage' | 'needsInfo' | 'coach' | 'history'>, person: Person): GiverView {
  if (idea.giver.id !== person.id || idea.giver.tenantId !== person.tenantId) return { actions: [] };
  const question = openQuestion(idea);
  const asked = ratingAsked(idea);
  const actions = (Object.keys(DOMAIN_ACTION) as GiverActionType[]).filter((a) => {
    if (a === 'answerQuestion') return question !== undefined;
    if (a === 'rate') return asked !== undefined;
    return isAllowedNow(idea, DOMAIN_ACTION[a]);
  });
  return {
    actions,
    ...(question ? { questionId: question.id } : {}),
    ...(asked ? { ratingAsked: { decisionId: asked.id, stage: asked.to as Stage } } : {}),
  };
}

/**
 * The latest decision the giver was asked to rate (a coach's move to a stage after which the
 * satisfaction question is sent), if they have not rated it yet.
 */
export function ratingAsked(idea: Pick<Idea, 'history'>): HistoryEvent | undefined {
  const decision = [...idea.history].reverse().find((e) => isDecision(e) && e.to !== undefined && SATISFACTION_STAGES.includes(e.to));
  return decision && !ratingAfter(idea, decision.id) ? decision : undefined;
}
