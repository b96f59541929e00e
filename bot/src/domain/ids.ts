import { z } from 'zod';

/**
 * The one format of every id the server makes or names — ideas, sluices, drafts, outbox jobs,
 * history events, and the Entra object and tenant ids it stores them under: letters, digits,
 * `-`, `_` and `:`, starting with a letter or digit, at most 128 characters. Checked at the edge
 * (cards, requests, activities) before an id reaches storage: an id such as `.` or `..` would
 * otherwise name a whole container in a Cosmos URL.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/;

/** True when `value` is an id in the server's format. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** The zod schema of an id, with a readable message naming what it is (`an idea id`, …). */
export function idSchema(what: string): z.ZodString {
  return z.string().regex(ID_PATTERN, `must be ${what} (letters, digits, '-', '_' or ':', at most 128)`);
}

export const ideaId = idSchema('an idea id');
export const sluiceId = idSchema('a sluice id');
export const draftId = idSchema('a draft id');
export const jobId = idSchema('a job id');
export const eventId = idSchema('an event id');
/** An Entra object id or tenant id (a person, a coach, a municipality). */
export const entraId = idSchema('an Entra id');
