import { createHash } from 'node:crypto';
import type { Person } from '../idea';
import { RATE_LIMIT, RATE_WINDOW_MS } from './comment';

/**
 * The comment rate limit (at most {@link RATE_LIMIT} comments and notes a minute from one person),
 * as a sliding window counter: one small document per person and sluice holds how many they wrote
 * in the current minute and in the minute before. A write is let through while
 * `count + prev × (the part of the previous minute still inside the last 60 s) < RATE_LIMIT`, which
 * weighs the previous minute as if its comments were spread evenly over it.
 *
 * The storage takes a slot with one conditional write (a patch whose condition is the rule above, or
 * a create or an eTag-conditional replace when the minute turns), so concurrent requests and several
 * instances never let more through than the rule allows: the check and the count are one step.
 */
export interface RateWindow {
  /** The minute counted (ms since the epoch / 60 000, whole). */
  readonly minute: number;
  /** Comments and notes written in that minute. */
  readonly count: number;
  /** Comments and notes written in the minute before it. */
  readonly prev: number;
}

/** Takes one slot of the person's rate, atomically; refused with the window that refused it. */
export interface CommentRateRepository {
  take(
    sluiceId: string,
    person: Pick<Person, 'id' | 'tenantId'>,
    nowMs: number,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly window: RateWindow }>;
}

/** The minute `nowMs` falls in. */
export function minuteOf(nowMs: number): number {
  return Math.floor(nowMs / RATE_WINDOW_MS);
}

/** How much of the previous minute still lies inside the last 60 seconds at `nowMs` (1 at the minute's start, near 0 at its end). */
export function previousWeight(nowMs: number): number {
  return 1 - (nowMs - minuteOf(nowMs) * RATE_WINDOW_MS) / RATE_WINDOW_MS;
}

/** Whether one more comment fits in `window` (of the current minute) at `nowMs`. */
export function allows(window: RateWindow, nowMs: number): boolean {
  return window.count + window.prev * previousWeight(nowMs) < RATE_LIMIT;
}

/** The window as it is at `nowMs`, given the one stored (of this minute, the previous one or older). */
export function windowAt(stored: RateWindow | undefined, nowMs: number): RateWindow {
  const minute = minuteOf(nowMs);
  if (!stored || stored.minute < minute - 1) return { minute, count: 0, prev: 0 };
  if (stored.minute === minute - 1) return { minute, count: 0, prev: stored.count };
  return stored;
}

/**
 * How long until a refused person may write again: within this minute once enough of the previous
 * minute has slid out of the window, or else early in the next minute once enough of this one has.
 */
export function retryAfterMs(window: RateWindow, nowMs: number): number {
  const start = window.minute * RATE_WINDOW_MS;
  const free = RATE_LIMIT - window.count;
  // This minute: count + prev × (1 − e/60 s) < limit once e > 60 s × (1 − free / prev).
  const until =
    free > 0 && window.prev > 0
      ? start + Math.ceil(RATE_WINDOW_MS * (1 - free / window.prev))
      : // The next minute: count × (1 − e/60 s) < limit once e > 60 s × (1 − limit / count).
        start + RATE_WINDOW_MS + Math.max(0, Math.ceil(RATE_WINDOW_MS * (1 - RATE_LIMIT / Math.max(window.count, 1))));
  return Math.max(1000, until - nowMs);
}

/** The id of the person's rate document in the sluice: a digest, so it names nobody. */
export function rateIdFor(sluiceId: string, person: Pick<Person, 'id' | 'tenantId'>): string {
  return `commentrate-${createHash('sha256').update(`commentRate\n${sluiceId}\n${person.tenantId}\n${person.id}`).digest('hex').slice(0, 40)}`;
}
