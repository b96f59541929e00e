import { monthOf } from './facts';

/** The periods the view offers; `custom` takes `from` and `to` months. */
export const PERIOD_PRESETS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Whole calendar months, both ends included, `YYYY-MM`. */
export interface MonthRange {
  readonly from: string;
  readonly to: string;
}

export interface PeriodRequest {
  readonly preset: PeriodPreset;
  /** `YYYY-MM` or `YYYY-MM-DD` (the month it falls in); only with `custom`. */
  readonly from?: string;
  readonly to?: string;
}

export type PeriodProblem = { readonly field: 'from' | 'to' | 'period'; readonly message: string };

/** The longest period the figures are given for. */
export const MAX_PERIOD_MONTHS = 120;

/** Month number since year 0, for arithmetic. */
export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return (y ?? 0) * 12 + ((m ?? 1) - 1);
}

export function monthAt(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

export function monthsIn(range: MonthRange): string[] {
  const out: string[] = [];
  for (let i = monthIndex(range.from); i <= monthIndex(range.to); i++) out.push(monthAt(i));
  return out;
}

export function lengthOf(range: MonthRange): number {
  return monthIndex(range.to) - monthIndex(range.from) + 1;
}

/** The period of the same length just before. */
export function previousOf(range: MonthRange): MonthRange {
  const n = lengthOf(range);
  return { from: monthAt(monthIndex(range.from) - n), to: monthAt(monthIndex(range.from) - 1) };
}

/** First and last day of a range, `YYYY-MM-DD`, for people and exports. */
export function daysOf(range: MonthRange): { from: string; to: string } {
  const [y, m] = range.to.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 0, m ?? 1, 0)).getUTCDate();
  return { from: `${range.from}-01`, to: `${range.to}-${String(last).padStart(2, '0')}` };
}

/**
 * The months of a requested period, counted in Europe/Stockholm: this month, this quarter, this
 * year, or `from`–`to` (a date counts as its whole month). Refuses an end before the start and a
 * period longer than ten years, naming the field.
 */
export function resolvePeriod(request: PeriodRequest, now: Date): { ok: true; range: MonthRange } | { ok: false; problem: PeriodProblem } {
  const current = monthOf(now);
  const index = monthIndex(current);
  switch (request.preset) {
    case 'month':
      return { ok: true, range: { from: current, to: current } };
    case 'quarter': {
      const start = index - (index % 3);
      return { ok: true, range: { from: monthAt(start), to: monthAt(start + 2) } };
    }
    case 'year': {
      const start = index - (index % 12);
      return { ok: true, range: { from: monthAt(start), to: monthAt(start + 11) } };
    }
    case 'custom': {
      if (!request.from) return { ok: false, problem: { field: 'from', message: 'is needed for a custom period' } };
      if (!request.to) return { ok: false, problem: { field: 'to', message: 'is needed for a custom period' } };
      const range = { from: request.from.slice(0, 7), to: request.to.slice(0, 7) };
      if (monthIndex(range.from) > monthIndex(range.to)) {
        return { ok: false, problem: { field: 'from', message: 'must not be after to' } };
      }
      if (lengthOf(range) > MAX_PERIOD_MONTHS) {
        return { ok: false, problem: { field: 'to', message: 'makes the period longer than 10 years' } };
      }
      return { ok: true, range };
    }
  }
}
