import type { Stage } from '../stages';
import { recordPrefixOf } from '../record';
import type { Sluice } from '../sluice';
import type { GallringRecord } from './gallring';

/** An idea as a registrator finds it by its record reference or number, before opening its record. */
export interface FoundIdea {
  readonly id: string;
  readonly number: number;
  readonly reference?: string;
  readonly title: string;
  readonly stage: Stage;
}

/** The gallring record that removed an idea a registrator asked for. */
export interface RemovedIdea {
  readonly number: number;
  readonly reference?: string;
  readonly title?: string;
  readonly recordId: string;
  readonly at: string;
  readonly rule: GallringRecord['rule'];
  readonly decision: string;
}

/** Where ideas and the gallring records that removed ideas are found, each with one query. */
export interface RecordLookup {
  byNumber(sluiceId: string, number: number): Promise<FoundIdea | undefined>;
  /** The idea registered as serial `serial` of the sluice's series for `year` (`IDÉ 2026/42`: 2026, 42). */
  bySerial(sluiceId: string, year: number, serial: number): Promise<FoundIdea | undefined>;
  /** The newest gallring record that removed an idea with this number or one of these references. */
  removed(
    sluiceId: string,
    match: { readonly number: number } | { readonly references: readonly string[] },
  ): Promise<RemovedIdea | undefined>;
}

/** What a registrator typed: an idea number (`42`, `#42`) or a record reference (`IDÉ 2026/42`, `2026/42`). */
export type RecordQuery =
  | { readonly kind: 'number'; readonly number: number }
  | { readonly kind: 'reference'; readonly year: number; readonly serial: number; readonly typed: string };

/** Reads what was typed; undefined when it is neither a number nor a reference. */
export function parseRecordQuery(raw: string): RecordQuery | undefined {
  const text = raw.trim().replace(/\s+/g, ' ');
  const number = /^(?:nr\.? ?|#)?(\d{1,9})$/i.exec(text);
  if (number) return { kind: 'number', number: Number(number[1]) };
  const reference = /^(?:([\p{L}\p{N}][\p{L}\p{N} .-]{0,11}) )?(\d{4}) ?\/ ?(\d{1,9})$/u.exec(text);
  if (reference) {
    const year = Number(reference[2]);
    const serial = Number(reference[3]);
    return { kind: 'reference', year, serial, typed: `${reference[1] ? `${reference[1]} ` : ''}${year}/${serial}` };
  }
  return undefined;
}

export type LookupResult = { readonly found: FoundIdea } | { readonly removed: RemovedIdea } | { readonly none: true };

/**
 * Finds the idea a registrator asked for by number or reference (the serial of its year's series,
 * whatever prefix was typed), or else the gallring record that removed it, so "not found" can say
 * under which gallringsbeslut it went.
 */
export async function lookUpRecord(
  lookup: RecordLookup,
  sluice: Pick<Sluice, 'id' | 'recordPrefix'>,
  query: RecordQuery,
): Promise<LookupResult> {
  const found =
    query.kind === 'number' ? await lookup.byNumber(sluice.id, query.number) : await lookup.bySerial(sluice.id, query.year, query.serial);
  if (found) return { found };
  const references =
    query.kind === 'reference'
      ? [...new Set([`${recordPrefixOf(sluice)} ${query.year}/${query.serial}`, query.typed, query.typed.toUpperCase()])]
      : [];
  const removed = await lookup.removed(sluice.id, query.kind === 'number' ? { number: query.number } : { references });
  return removed ? { removed } : { none: true };
}
