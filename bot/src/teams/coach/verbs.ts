import type { IdeaActionType } from '../../domain/transitions';

/**
 * The app's card contract: the `Action.Execute` verbs its cards carry and the invoke handler
 * accepts. Cards get the verbs from here at render time, so card and handler cannot drift apart.
 */
export const COACH_VERBS = ['idea.take', 'idea.advance', 'idea.decline', 'idea.askInfo', 'idea.reassign', 'idea.reopen'] as const;
/** Verbs on the cards the idea giver gets. */
export const GIVER_VERBS = ['idea.answerInfo', 'idea.rate'] as const;
/** The verb of the task card's `refresh` action. */
export const REFRESH_VERB = 'idea.refresh';
/** "Kommentera" on the task card and the giver's update cards: anyone in the sluice (teams/comments). */
export const COMMENT_VERB = 'idea.comment';

/** "Jag stödjer idén" on the card shared into a conversation: anyone in the sluice but the giver (domain/support.ts). */
export const SUPPORT_VERB = 'idea.support';
/**
 * The shared card's `refresh`: Teams asks for the card anew when someone views it (everyone in a
 * conversation of up to 60 people; in a larger one, who chooses Refresh), so the count it shows is
 * the current one. The card is posted by the person who shared it, not by the bot, so the bot
 * cannot update it itself.
 */
export const SUPPORT_REFRESH_VERB = 'idea.supportRefresh';

export const CARD_VERBS = [...COACH_VERBS, ...GIVER_VERBS, REFRESH_VERB, COMMENT_VERB, SUPPORT_VERB, SUPPORT_REFRESH_VERB] as const;
export type CardVerb = (typeof CARD_VERBS)[number];
export type CoachVerb = (typeof COACH_VERBS)[number];
export type GiverVerb = (typeof GIVER_VERBS)[number];

/** The coach actions a task card can offer, by the domain action they perform. */
export type CoachActionType = Extract<IdeaActionType, 'take' | 'advance' | 'decline' | 'askInfo' | 'reassign' | 'reopen'>;

export const VERB_OF: Readonly<Record<CoachActionType, CoachVerb>> = {
  take: 'idea.take',
  advance: 'idea.advance',
  decline: 'idea.decline',
  askInfo: 'idea.askInfo',
  reassign: 'idea.reassign',
  reopen: 'idea.reopen',
};

export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && (CARD_VERBS as readonly string[]).includes(value);
}

export function isCoachVerb(value: CardVerb): value is CoachVerb {
  return (COACH_VERBS as readonly string[]).includes(value);
}

/** Ids of the card inputs; Teams merges their values into the action's data. */
export const INPUT_IDS = {
  comment: 'comment',
  effectFor: 'effectFor',
  effectChange: 'effectChange',
  effectAmount: 'effectAmount',
  effectUnit: 'effectUnit',
  reason: 'reason',
  question: 'question',
  coachId: 'coachId',
  answer: 'answer',
  rating: 'rating',
  ratingComment: 'ratingComment',
  newComment: 'newComment',
} as const;
