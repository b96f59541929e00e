import { createHash } from 'node:crypto';
import { departmentsOf, findDepartment } from './admin/departments';
import { cleanText } from './idea';
import type { Person } from './idea';
import { AlreadyExistsError, type Clock, type Versioned } from './ports';
import type { Sluice } from './sluice';
import { mayCoach } from './sluice';
import type { Stage } from './stages';
import { addDays, isIsoDate, stockholmDate, stockholmTime } from './working-days';

/**
 * Challenges ("utmaningar", the seeds' "identifierade behov"): a coach or admin publishes a need
 * the sluice wants ideas for — a title, the need in a few lines, the department that owns it and
 * the last day it is open. It is posted as a card to the channels the publisher chooses, staff
 * answer it with ideas (the idea records `challengeId`), and it closes by itself after its last
 * day, when its owner (the publisher) gets a summary of the ideas that came in.
 */

export const CHALLENGE_LIMITS = {
  title: { min: 3, max: 120 },
  need: { min: 10, max: 1000 },
  department: { min: 1, max: 120 },
} as const;

/** The furthest ahead a challenge may stay open. */
export const MAX_OPEN_DAYS = 366;

/** How many channels one challenge is posted to at most. */
export const MAX_CHALLENGE_CHANNELS = 10;

/** A channel the bot knows for a sluice, where a challenge can be posted. */
export interface ChallengeChannel {
  readonly conversationId: string;
  readonly name?: string;
}

export interface Challenge {
  readonly id: string;
  readonly sluiceId: string;
  readonly title: string;
  readonly need: string;
  readonly department: string;
  /** The last day it is open (`YYYY-MM-DD`, Stockholm). */
  readonly openUntil: string;
  /** When it closes: midnight in Stockholm after `openUntil` (ms since epoch), indexed for the closing job. */
  readonly closesAtMs: number;
  /** `closed` once the closing job has queued the owner's summary. */
  readonly state: 'open' | 'closed';
  readonly closedAt?: string;
  /** Who published it; gets the summary when it closes. */
  readonly owner: Person;
  /** The channels it was posted to. */
  readonly channels: readonly ChallengeChannel[];
  readonly createdAt: string;
  readonly createdAtMs: number;
}

/** What a coach or admin fills in. */
export interface NewChallenge {
  readonly title: string;
  readonly need: string;
  readonly department: string;
  readonly openUntil: string;
  /** Conversation ids of channels the bot knows for the sluice ({@link knownChannels}). */
  readonly channels: readonly string[];
}

export type ChallengeField = keyof NewChallenge;

export interface ChallengeProblem {
  readonly field: ChallengeField;
  readonly problem: 'empty' | 'tooShort' | 'tooLong' | 'invalid' | 'tooEarly' | 'tooLate';
  readonly limit?: number;
}

/** An open challenge as the chat offers it. */
export interface OpenChallenge {
  readonly id: string;
  readonly title: string;
}

/** How many open challenges the chat offers at most (newest first). */
export const CHALLENGE_CHOICES = 5;

/** An idea that answered a challenge, as the list and the summary show it. */
export interface ChallengeIdea {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly stage: Stage;
  readonly department: string;
}

/** Where challenges are stored (the `participation` container, kind `challenge`). */
export interface ChallengeRepository {
  /** Stores a new challenge; throws {@link AlreadyExistsError} when one with its id exists. */
  create(challenge: Challenge): Promise<void>;
  get(sluiceId: string, id: string): Promise<Versioned<Challenge> | undefined>;
  /** The sluice's challenges, newest first, at most `limit`. */
  list(sluiceId: string, limit: number): Promise<Challenge[]>;
  /**
   * {@link list} as this instance read it at most `RECENT_READ_MS` (ports) ago (read again when
   * older or after this instance wrote a challenge): for the chat's question "Hör idén till …",
   * where a challenge opened a few seconds ago on another instance may wait for the next idea.
   */
  recentList(sluiceId: string, limit: number): Promise<Challenge[]>;
  /** Open challenges of any sluice whose `closesAtMs` has come, earliest first. */
  dueToClose(nowMs: number, limit: number): Promise<Versioned<Challenge>[]>;
  /** Conditional replace; throws `ConflictError` (ports) when it changed since `etag`. */
  replace(challenge: Challenge, etag: string): Promise<Versioned<Challenge>>;
}

/** The ideas that answered challenges, read from the ideas. */
export interface ChallengeIdeaSource {
  /** The ideas of these challenges of one sluice, by challenge id, oldest first. */
  ideasOf(sluiceId: string, challengeIds: readonly string[]): Promise<ReadonlyMap<string, readonly ChallengeIdea[]>>;
}

/** Posts a stored challenge to its channels (queues the outbox jobs; idempotent per challenge and channel). */
export interface ChallengeAnnouncer {
  announce(challenge: Challenge): Promise<void>;
}

/** The channels the bot knows for a sluice: the coach channel, the report channel and the channels subscribed to the digest. */
export function knownChannels(sluice: Sluice): ChallengeChannel[] {
  const found = new Map<string, ChallengeChannel>();
  const add = (conversationId: string | undefined, name?: string): void => {
    if (!conversationId || found.has(conversationId)) return;
    found.set(conversationId, { conversationId, ...(name ? { name } : {}) });
  };
  add(sluice.coachChannel?.conversationId, sluice.coachChannel?.name);
  add(sluice.reportChannel?.conversationId, sluice.reportChannel?.name);
  for (const s of sluice.digestSubscriptions ?? []) add(s.conversationId);
  return [...found.values()];
}

/** Whether a challenge takes ideas at `now`: not closed, and its last day has not passed. */
export function isOpen(challenge: Pick<Challenge, 'state' | 'closesAtMs'>, now: Date): boolean {
  return challenge.state === 'open' && now.getTime() < challenge.closesAtMs;
}

/** When a challenge open until `openUntil` closes: the start of the next day in Stockholm. */
export function closesAt(openUntil: string): Date {
  return stockholmTime(addDays(openUntil, 1), 0);
}

/** The id of a challenge: the same for a repeated request with the same key, so it is stored once. */
export function challengeIdFor(sluiceId: string, ownerId: string, idempotencyKey: string): string {
  return `challenge-${createHash('sha256').update(`${sluiceId}\n${ownerId}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

function checkLength(field: keyof typeof CHALLENGE_LIMITS, value: string): ChallengeProblem | undefined {
  const { min, max } = CHALLENGE_LIMITS[field];
  const length = [...value].length;
  if (length === 0) return { field, problem: 'empty', limit: min };
  if (length < min) return { field, problem: 'tooShort', limit: min };
  if (length > max) return { field, problem: 'tooLong', limit: max };
  return undefined;
}

/**
 * Checks what a coach filled in against the sluice, `today` being Stockholm's date: lengths,
 * a department of the sluice (by its name or an alias, when the sluice lists departments), a
 * last day that is today or later and at most a year ahead, and channels the bot knows.
 */
export function checkChallenge(
  input: NewChallenge,
  sluice: Sluice,
  today: string,
): { ok: true; value: NewChallenge } | { ok: false; problems: ChallengeProblem[] } {
  const title = cleanText(input.title);
  const need = cleanText(input.need);
  const typedDepartment = cleanText(input.department);
  const problems: ChallengeProblem[] = [];
  for (const [field, value] of [
    ['title', title],
    ['need', need],
    ['department', typedDepartment],
  ] as const) {
    const problem = checkLength(field, value);
    if (problem) problems.push(problem);
  }
  const departments = departmentsOf(sluice);
  const department = departments.length > 0 ? findDepartment(departments, typedDepartment)?.name : typedDepartment;
  if (typedDepartment && !department) problems.push({ field: 'department', problem: 'invalid' });
  const openUntil = input.openUntil.trim();
  if (!isIsoDate(openUntil)) problems.push({ field: 'openUntil', problem: 'invalid' });
  else if (openUntil < today) problems.push({ field: 'openUntil', problem: 'tooEarly' });
  else if (openUntil > addDays(today, MAX_OPEN_DAYS)) problems.push({ field: 'openUntil', problem: 'tooLate', limit: MAX_OPEN_DAYS });
  const known = new Set(knownChannels(sluice).map((c) => c.conversationId));
  const channels = [...new Set(input.channels)];
  if (channels.length > MAX_CHALLENGE_CHANNELS) problems.push({ field: 'channels', problem: 'tooLong', limit: MAX_CHALLENGE_CHANNELS });
  else if (channels.some((c) => !known.has(c))) problems.push({ field: 'channels', problem: 'invalid' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { title, need, department: department ?? typedDepartment, openUntil, channels } };
}

/** The caller, as the service needs them: who, and in which sluice. */
export interface ChallengeCaller {
  readonly person: Person;
  readonly sluice: Sluice;
}

export type CreateChallengeResult =
  | { readonly ok: true; readonly challenge: Challenge; readonly created: boolean }
  | { readonly ok: false; readonly error: 'forbidden' }
  | { readonly ok: false; readonly error: 'invalid'; readonly problems: readonly ChallengeProblem[] };

/** A challenge as listed: open or closed now, with the ideas that answered it. */
export interface ListedChallenge {
  readonly challenge: Challenge;
  readonly open: boolean;
  readonly ideas: readonly ChallengeIdea[];
}

/** How many challenges the list shows. */
export const LISTED_CHALLENGES = 100;

/** Publishing and listing challenges; the closing is {@link ChallengeClosing}. */
export class ChallengeService {
  constructor(
    private readonly deps: {
      readonly challenges: ChallengeRepository;
      readonly ideas: ChallengeIdeaSource;
      readonly announcer: ChallengeAnnouncer;
      readonly clock: Clock;
    },
  ) {}

  /**
   * Publishes a challenge: only a coach or admin of the sluice, signed in from a member tenant.
   * Safe to repeat with the same key: the second call finds the first one's challenge (and
   * queues its posts again, which stores nothing new).
   */
  async create(caller: ChallengeCaller, input: NewChallenge, idempotencyKey: string): Promise<CreateChallengeResult> {
    if (!mayCoach(caller.sluice, caller.person)) return { ok: false, error: 'forbidden' };
    const id = challengeIdFor(caller.sluice.id, caller.person.id, idempotencyKey);
    const existing = await this.deps.challenges.get(caller.sluice.id, id);
    if (existing) {
      await this.deps.announcer.announce(existing.value);
      return { ok: true, challenge: existing.value, created: false };
    }
    const now = this.deps.clock.now();
    const checked = checkChallenge(input, caller.sluice, stockholmDate(now));
    if (!checked.ok) return { ok: false, error: 'invalid', problems: checked.problems };
    const names = new Map(knownChannels(caller.sluice).map((c) => [c.conversationId, c]));
    const challenge: Challenge = {
      id,
      sluiceId: caller.sluice.id,
      title: checked.value.title,
      need: checked.value.need,
      department: checked.value.department,
      openUntil: checked.value.openUntil,
      closesAtMs: closesAt(checked.value.openUntil).getTime(),
      state: 'open',
      owner: { id: caller.person.id, tenantId: caller.person.tenantId, name: caller.person.name },
      channels: checked.value.channels.map((c) => names.get(c) ?? { conversationId: c }),
      createdAt: now.toISOString(),
      createdAtMs: now.getTime(),
    };
    let stored = challenge;
    let created = true;
    try {
      await this.deps.challenges.create(challenge);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      // The same request at the same time on another instance: its challenge stands.
      const winner = await this.deps.challenges.get(caller.sluice.id, id);
      if (!winner) throw err;
      stored = winner.value;
      created = false;
    }
    await this.deps.announcer.announce(stored);
    return { ok: true, challenge: stored, created };
  }

  /** The sluice's challenges, newest first, each with whether it is open now and its ideas. */
  async list(sluiceId: string): Promise<ListedChallenge[]> {
    const challenges = await this.deps.challenges.list(sluiceId, LISTED_CHALLENGES);
    const ideas = await this.deps.ideas.ideasOf(
      sluiceId,
      challenges.map((c) => c.id),
    );
    const now = this.deps.clock.now();
    return challenges.map((challenge) => ({ challenge, open: isOpen(challenge, now), ideas: ideas.get(challenge.id) ?? [] }));
  }

  /** The challenges open now (for the chat's "Hör idén till …" and the answer button). */
  async open(sluiceId: string): Promise<Challenge[]> {
    const now = this.deps.clock.now();
    return (await this.deps.challenges.list(sluiceId, LISTED_CHALLENGES)).filter((c) => isOpen(c, now));
  }

  /**
   * The challenges open now, of the list as read at most a few seconds ago ({@link ChallengeRepository.recentList}):
   * for the chat's question, asked of every idea. Closing times are checked against the clock now.
   */
  async recentOpen(sluiceId: string): Promise<Challenge[]> {
    const now = this.deps.clock.now();
    return (await this.deps.challenges.recentList(sluiceId, LISTED_CHALLENGES)).filter((c) => isOpen(c, now));
  }

  /** One challenge of the sluice, if it exists. */
  async get(sluiceId: string, id: string): Promise<Challenge | undefined> {
    return (await this.deps.challenges.get(sluiceId, id))?.value;
  }
}
