import { createHash } from 'node:crypto';
import type { HistoryEvent } from './idea';
import type { Sluice } from './sluice';
import { stockholmDate } from './working-days';

/**
 * An idea handed in is a public record (allmän handling). It is registered with a reference of
 * its sluice and year (`IDÉ 2026/42`), the authority that received it (the member municipality
 * it came from, in a shared sluice) and the day it was received, Swedish time.
 */
export interface RecordEntry {
  /** `IDÉ 2026/42`: the sluice's prefix, the year received and the serial within that year. */
  readonly reference: string;
  readonly year: number;
  readonly serial: number;
  /** The receiving authority: the member municipality the idea was handed in from. */
  readonly authority: { readonly tenantId: string; readonly name: string };
  /** The day the idea was received (YYYY-MM-DD, Europe/Stockholm). */
  readonly receivedOn: string;
}

/** The prefix of a sluice that has not set its own. */
export const DEFAULT_RECORD_PREFIX = 'IDÉ';
/** Letters (Swedish ones too), digits, spaces, hyphens and dots; no "/" that would confuse the year. */
export const RECORD_PREFIX_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .-]{0,11}$/u;

export function recordPrefixOf(sluice: Pick<Sluice, 'recordPrefix'>): string {
  return sluice.recordPrefix ?? DEFAULT_RECORD_PREFIX;
}

/** The year of the record series an idea received at `at` belongs to (its year in Sweden). */
export function recordYear(at: Date): number {
  return Number(stockholmDate(at).slice(0, 4));
}

/** The record entry of an idea received at `at` from `tenantId`, with the serial taken from the year's counter. */
export function recordEntry(
  sluice: Pick<Sluice, 'recordPrefix' | 'municipalities' | 'name'>,
  tenantId: string,
  at: Date,
  serial: number,
): RecordEntry {
  const year = recordYear(at);
  return {
    reference: `${recordPrefixOf(sluice)} ${year}/${serial}`,
    year,
    serial,
    authority: { tenantId, name: sluice.municipalities[tenantId] ?? sluice.name },
    receivedOn: stockholmDate(at),
  };
}

// ---------- The history's hash chain ----------

/** The hash a chain starts from, so the first event is bound to something fixed. */
const GENESIS = '0'.repeat(64);

/** JSON with keys in a fixed order at every depth, so the same event always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The hash of one event: SHA-256 over the previous event's hash and the event without its own hash. */
export function eventHash(previous: string, event: HistoryEvent): string {
  const { hash: _own, ...content } = event;
  void _own;
  return createHash('sha256').update(previous).update('\n').update(canonical(content)).digest('hex');
}

/**
 * The history with every event that has no hash yet sealed onto the chain: each carries the hash
 * of its content and the event before it. Events already sealed are kept as they are, so sealing
 * again changes nothing; an idea stored before the chain existed is sealed at its next write.
 */
export function sealHistory(history: readonly HistoryEvent[]): HistoryEvent[] {
  let previous = GENESIS;
  return history.map((event) => {
    const sealed = event.hash ? event : { ...event, hash: eventHash(previous, event) };
    previous = sealed.hash!;
    return sealed;
  });
}

/**
 * The history sealed afresh from event `from` on (the first by default): for a change the app
 * itself makes to events already sealed (personal data removed under a gallringsbeslut, a person
 * anonymised). Events before `from` keep their hashes; from it on, each is sealed again onto the
 * one before. The change is recorded as an event of its own before this is called, so the chain
 * stays verifiable and the history says what was changed, when and under which decision. The one
 * way the app re-seals: gallring and anonymisation both call it.
 */
export function resealHistory(history: readonly HistoryEvent[], from = 0): HistoryEvent[] {
  return sealHistory(
    history.map((event, index) => {
      if (index < from) return event;
      const { hash: _old, ...unsealed } = event;
      void _old;
      return unsealed;
    }),
  );
}

export type ChainCheck =
  | { readonly whole: true; readonly events: number }
  /** `index` and `eventId`: the first event whose hash does not match its content and the one before it. */
  | {
      readonly whole: false;
      readonly events: number;
      readonly index: number;
      readonly eventId: string;
      readonly problem: 'changed' | 'unsealed';
    };

/**
 * Whether the chain is whole: every event's hash follows from its content and the previous hash.
 * A changed word, a removed, added or reordered event breaks it from that event on.
 */
export function checkHistoryChain(history: readonly HistoryEvent[]): ChainCheck {
  let previous = GENESIS;
  for (const [index, event] of history.entries()) {
    if (!event.hash) return { whole: false, events: history.length, index, eventId: event.id, problem: 'unsealed' };
    if (eventHash(previous, event) !== event.hash)
      return { whole: false, events: history.length, index, eventId: event.id, problem: 'changed' };
    previous = event.hash;
  }
  return { whole: true, events: history.length };
}
