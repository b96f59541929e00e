import type { Stage } from '../domain/stages';

/** The tab API's types for challenges (`listChallenges`, `createChallenge`); the tab imports them type-only. */

/** An idea that answered a challenge. */
export interface ChallengeIdeaItem {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly stage: Stage;
  readonly department: string;
}

/** A channel the bot knows for the sluice, where a challenge can be posted. */
export interface ChallengeChannelItem {
  readonly conversationId: string;
  readonly name?: string;
}

export interface ChallengeItem {
  readonly id: string;
  readonly title: string;
  readonly need: string;
  readonly department: string;
  /** The last day it is open (`YYYY-MM-DD`, Stockholm). */
  readonly openUntil: string;
  /** Whether it takes ideas now. */
  readonly open: boolean;
  readonly owner: { readonly id: string; readonly name: string };
  readonly createdAt: string;
  readonly closedAt?: string;
  /** The channels it was posted to; for coaches and admins only. */
  readonly channels?: readonly ChallengeChannelItem[];
  readonly ideas: readonly ChallengeIdeaItem[];
}

/** `listChallenges` (`GET /api/challenges`). */
export interface ChallengesResponse {
  readonly items: readonly ChallengeItem[];
  /** Whether the caller may publish one (a coach or admin of the sluice). */
  readonly canCreate: boolean;
  /** Where a new challenge can be posted; empty for everyone who cannot publish. */
  readonly channels: readonly ChallengeChannelItem[];
}

/** Body of `createChallenge` (`POST /api/challenges`). */
export interface CreateChallengeRequest {
  readonly title: string;
  readonly need: string;
  readonly department: string;
  readonly openUntil: string;
  /** Conversation ids from `channels` of `listChallenges`. */
  readonly channels?: readonly string[];
  /** The same for every send of one form: a double click publishes one challenge. */
  readonly idempotencyKey: string;
}

/** `createChallenge`'s answer. */
export interface ChallengeResponse {
  readonly challenge: ChallengeItem;
}
