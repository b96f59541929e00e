import type { Idea } from './idea';
import type { Sluice } from './sluice';
import type { Stage } from './stages';

/** A stored value with the version tag the store needs for a conditional update. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** Thrown by a repository when a conditional write lost against another writer. */
export class ConflictError extends Error {
  constructor(message = 'The item was changed by someone else') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Thrown by a repository when an item that must be new already exists. */
export class AlreadyExistsError extends Error {
  constructor(message = 'The item already exists') {
    super(message);
    this.name = 'AlreadyExistsError';
  }
}

/** `score`: the coaches' weighted score, highest first and unscored last (coaches and admins only). */
export type SortOrder = 'newest' | 'oldest' | 'stageChanged' | 'number' | 'score';

/** Filters of the pipeline; every one is optional. */
export interface IdeaFilter {
  readonly stages?: readonly Stage[];
  readonly department?: string;
  readonly coachId?: string;
  readonly tenantId?: string;
  readonly giverId?: string;
  /** The idea's number in the sluice (#12). */
  readonly number?: number;
  readonly needsInfo?: boolean;
  /** The challenge the idea answers (set when it is handed in). */
  readonly challengeId?: string;
  /** ISO date-time, inclusive. */
  readonly submittedFrom?: string;
  /** ISO date-time, exclusive. */
  readonly submittedTo?: string;
  /** Free text searched in title, need and idea, case-insensitively. */
  readonly text?: string;
}

export interface IdeaPageRequest {
  readonly filter: IdeaFilter;
  readonly sort: SortOrder;
  readonly pageSize: number;
  /** Opaque token from the previous page. */
  readonly continuation?: string;
}

/** What the board shows of an idea; the full idea (with history) is one more read. */
export type IdeaSummary = Pick<
  Idea,
  | 'id'
  | 'sluiceId'
  | 'number'
  | 'tenantId'
  | 'title'
  | 'department'
  | 'stage'
  | 'needsInfo'
  | 'coach'
  | 'createdAt'
  | 'stageChangedAt'
  | 'updatedAt'
  | 'waitingSince'
  | 'noReachableCoach'
  | 'backupCoach'
  | 'score'
> & { readonly giver: { readonly id: string; readonly name: string } };

export interface Page<T> {
  readonly items: readonly T[];
  readonly continuation?: string;
}

/** Ideas, each belonging to one sluice. */
export interface IdeaRepository {
  /** Stores a new idea; throws {@link AlreadyExistsError} when its id is taken. */
  create(idea: Idea): Promise<Versioned<Idea>>;
  get(sluiceId: string, ideaId: string): Promise<Versioned<Idea> | undefined>;
  /** Replaces the idea only if it is unchanged since `etag` was read; else throws {@link ConflictError}. */
  replace(idea: Idea, etag: string): Promise<Versioned<Idea>>;
  /**
   * The idea as this instance stored it ({@link create}, {@link replace}) at most a few seconds ago
   * ({@link RECENT_READ_MS}), without a read; undefined when it wrote none so lately. Another
   * instance may have changed it since: only for the outbox job that write queued (its event shows
   * the copy is that write or a later one), and every later change queues a job of its own.
   */
  written(sluiceId: string, ideaId: string): Versioned<Idea> | undefined;
  list(sluiceId: string, request: IdeaPageRequest): Promise<Page<IdeaSummary>>;
  countByStage(sluiceId: string, filter: IdeaFilter): Promise<Record<Stage, number>>;
  /** Every idea of the sluice, for statistics, export and similar-idea search. */
  all(sluiceId: string): AsyncIterable<Idea>;
}

/**
 * How old a copy the `recent…` reads ({@link SluiceRepository.recentByTenant}, the open challenges the
 * chat offers) may answer with, at most, before they read again.
 */
export const RECENT_READ_MS = 5_000;

export interface SluiceRepository {
  get(id: string): Promise<Versioned<Sluice> | undefined>;
  findByTenant(tenantId: string): Promise<Versioned<Sluice> | undefined>;
  /**
   * The tenant's sluice as this instance read it at most a few seconds ago ({@link RECENT_READ_MS}),
   * read again when older or after this instance wrote a sluice. Only for what a few seconds of
   * another instance's change cannot harm: the chat's questions and suggestions, a giver's own
   * list, whether a coach's name is worth learning. Authorisation and every write use
   * {@link findByTenant} or {@link get}, which always read.
   */
  recentByTenant(tenantId: string): Promise<Versioned<Sluice> | undefined>;
  /**
   * The sluice as this instance read it at most a few seconds ago ({@link RECENT_READ_MS}, any
   * {@link get} counts), read again when older or after this instance wrote a sluice. Only for
   * messages the outbox sends (task cards, updates, digests): the submission or change that queued
   * them has just read the sluice. Authorisation and every write use {@link get}.
   */
  recentGet(id: string): Promise<Versioned<Sluice> | undefined>;
  list(): Promise<Sluice[]>;
  /** Stores a new sluice; throws {@link AlreadyExistsError} when its id is taken. */
  create(sluice: Sluice): Promise<Versioned<Sluice>>;
  /** Conditional replace; throws {@link ConflictError} when `etag` is stale. */
  replace(sluice: Sluice, etag: string): Promise<Versioned<Sluice>>;
  /**
   * Takes the sluice's next idea number with one atomic increment of its own counter, never a
   * read-modify-write of the sluice, so any number of simultaneous submissions get distinct numbers
   * without conflicts. A sluice without a counter yet continues after `sluice.lastIdeaNumber`.
   * With `count`, reserves that many consecutive numbers and returns the last.
   */
  takeIdeaNumber(sluice: Sluice, count?: number): Promise<number>;
  /**
   * Takes the next serial of the sluice's record series for `year` (1, 2, … each year), with one
   * atomic increment of that year's counter (like {@link takeIdeaNumber}); with `count`, reserves
   * that many and returns the last.
   */
  takeRecordSerial(sluice: Sluice, year: number, count?: number): Promise<number>;
  /**
   * Takes the next round-robin turn (1, 2, …) of a member municipality's own coaches, with one
   * atomic increment of a counter of its own (like {@link takeIdeaNumber}).
   */
  takeCoachTurn(sluice: Sluice, tenantId: string): Promise<number>;
}

/** A clock, so rules about time can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
