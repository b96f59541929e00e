import type { Effect } from '../idea';
import type { Stage } from '../stages';

/**
 * The statistics' kept figures. One {@link MonthAggregate} per sluice and calendar month
 * (Europe/Stockholm) holds, per cell of municipality × department (as recorded when the idea was
 * handed in) × the challenge the idea answers (if any), the counts and distributions of everything that happened in that month. Any
 * period of whole months is the sum of its months, so reading the figures costs the number of
 * months asked for, not the number of ideas.
 */

/** The funnel's steps, counted from the history: each idea once per step, in the month it first got there. */
export const FUNNEL_STEPS = ['submitted', 'taken', 'screening', 'testing', 'implementing', 'done', 'closed'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** Stages whose time is measured (the idea is waiting for or being worked on by the sluice). */
export const TIMED_STAGES = ['submitted', 'screening', 'testing', 'implementing'] as const satisfies readonly Stage[];
export type TimedStage = (typeof TIMED_STAGES)[number];

export const CLOSE_KINDS = ['declined', 'withdrawn'] as const;
export type CloseKind = (typeof CLOSE_KINDS)[number];

/**
 * Counts per whole number of working days (`"0"`, `"1"`, …). Durations of {@link HISTOGRAM_CAP}
 * days or more share the last bin, so medians and percentiles are exact below it.
 */
export type Histogram = Record<string, number>;
export const HISTOGRAM_CAP = 400;

/** An implemented idea as the report lists it (no names of people). */
export interface ImplementedIdea {
  readonly ideaId: string;
  readonly number: number;
  readonly title: string;
  readonly at: string;
  readonly tenantId: string;
  readonly department: string;
  /** The challenge the idea answers, when it answers one. */
  readonly challengeId?: string;
  readonly effects: readonly Effect[];
}

/** What happened in one month in one municipality × department × challenge. */
export interface CellStats {
  readonly tenantId: string;
  readonly department: string;
  /** The challenge the cell's ideas answer; absent for ideas that answer none. */
  readonly challengeId?: string;
  funnel: Partial<Record<FunnelStep, number>>;
  /** Working days spent in a stage, for each stay that ended this month. */
  timeInStage: Partial<Record<TimedStage, Histogram>>;
  /** Working days from handing in to being taken, for ideas taken this month. */
  firstTalk: Histogram;
  /** Givers' ratings (1–5) given this month. */
  ratings: Histogram;
  /** The same ratings per responsible coach at the time of rating (coach id → histogram). */
  ratingsByCoach: Record<string, Histogram>;
  /** First closings this month: how (declined by a coach, withdrawn by the giver) × the stage it was closed from. */
  closed: Partial<Record<CloseKind, Partial<Record<Stage, number>>>>;
}

export interface MonthAggregate {
  /** `<sluiceId>:<YYYY-MM>`. */
  readonly id: string;
  readonly sluiceId: string;
  /** Calendar month in Europe/Stockholm, `YYYY-MM`. */
  readonly month: string;
  /** Cells by {@link cellKey}. */
  cells: Record<string, CellStats>;
  /**
   * Net movement into each stage this month, per cell (entries minus exits). The ideas in a
   * stage now are the sum of every month's flow.
   */
  flow: Record<string, Partial<Record<Stage, number>>>;
  /** Ideas that reached Införd this month, ordered by number. */
  implemented: ImplementedIdea[];
  /**
   * The exactly-once ledger: per idea number, the index of the last history event of that idea
   * counted in this month. An update counts only the events after it, in the same conditional
   * write that moves it, so a repeated or concurrent update never counts an event twice.
   */
  applied: Record<string, number>;
}

export function monthId(sluiceId: string, month: string): string {
  return `${sluiceId}:${month}`;
}

/**
 * The key of a municipality × department cell, `<tenant>|<department>`; ideas that answer a
 * challenge have cells of their own, `@<challenge>|<tenant>|<department>` (no tenant id starts with
 * `@`), so a challenge's figures are the sum of its cells, as a municipality's are.
 */
export function cellKey(tenantId: string, department: string, challengeId?: string): string {
  return challengeId ? `@${challengeId}|${tenantId}|${department}` : `${tenantId}|${department}`;
}

/** The parts of a {@link cellKey}. */
export function splitCellKey(key: string): { tenantId: string; department: string; challengeId?: string } {
  let rest = key;
  let challengeId: string | undefined;
  if (rest.startsWith('@')) {
    const bar = rest.indexOf('|');
    challengeId = rest.slice(1, bar);
    rest = rest.slice(bar + 1);
  }
  const at = rest.indexOf('|');
  return { tenantId: rest.slice(0, at), department: rest.slice(at + 1), ...(challengeId ? { challengeId } : {}) };
}

export function emptyMonth(sluiceId: string, month: string): MonthAggregate {
  return { id: monthId(sluiceId, month), sluiceId, month, cells: {}, flow: {}, implemented: [], applied: {} };
}

export function emptyCell(tenantId: string, department: string, challengeId?: string): CellStats {
  return {
    tenantId,
    department,
    ...(challengeId ? { challengeId } : {}),
    funnel: {},
    timeInStage: {},
    firstTalk: {},
    ratings: {},
    ratingsByCoach: {},
    closed: {},
  };
}

/** Adds `count` observations of `value` working days to a histogram. */
export function addToHistogram(h: Histogram, value: number, count = 1): void {
  const bin = String(Math.min(Math.max(0, Math.floor(value)), HISTOGRAM_CAP));
  const next = (h[bin] ?? 0) + count;
  if (next === 0) delete h[bin];
  else h[bin] = next;
}

export function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [bin, n] of Object.entries(from)) into[bin] = (into[bin] ?? 0) + n;
}

export function histogramCount(h: Histogram): number {
  return Object.values(h).reduce((a, b) => a + b, 0);
}

/**
 * The nearest-rank percentile (0 < p ≤ 1) of a histogram, in working days; undefined when empty.
 * The median is `percentile(h, 0.5)`.
 */
export function percentile(h: Histogram, p: number): number | undefined {
  const total = histogramCount(h);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bin of Object.keys(h)
    .map(Number)
    .sort((a, b) => a - b)) {
    seen += h[String(bin)] ?? 0;
    if (seen >= rank) return bin;
  }
  return undefined;
}

/** Observations at or below `max` days. */
export function countAtMost(h: Histogram, max: number): number {
  return Object.entries(h).reduce((sum, [bin, n]) => (Number(bin) <= max ? sum + n : sum), 0);
}

/** The mean of a 1–5 rating histogram; undefined when empty. */
export function meanOf(h: Histogram): number | undefined {
  const total = histogramCount(h);
  if (total === 0) return undefined;
  return Object.entries(h).reduce((sum, [bin, n]) => sum + Number(bin) * n, 0) / total;
}

export function mergeCell(into: CellStats, from: CellStats): void {
  for (const [step, n] of Object.entries(from.funnel) as [FunnelStep, number][]) into.funnel[step] = (into.funnel[step] ?? 0) + n;
  for (const [stage, h] of Object.entries(from.timeInStage) as [TimedStage, Histogram][]) {
    mergeHistogram((into.timeInStage[stage] ??= {}), h);
  }
  mergeHistogram(into.firstTalk, from.firstTalk);
  mergeHistogram(into.ratings, from.ratings);
  for (const [coach, h] of Object.entries(from.ratingsByCoach)) mergeHistogram((into.ratingsByCoach[coach] ??= {}), h);
  for (const [kind, byStage] of Object.entries(from.closed) as [CloseKind, Partial<Record<Stage, number>>][]) {
    const target = (into.closed[kind] ??= {});
    for (const [stage, n] of Object.entries(byStage) as [Stage, number][]) target[stage] = (target[stage] ?? 0) + n;
  }
}
