import type { Versioned } from '../ports';
import type { ImplementedIdea, MonthAggregate } from './aggregate';
import type { MonthFigures } from './report';

/** Someone who exported ideas, and when: every export is kept. */
export interface ExportRecord {
  readonly id: string;
  readonly sluiceId: string;
  readonly at: string;
  readonly by: { readonly id: string; readonly tenantId: string; readonly name: string };
  readonly period: { readonly from: string; readonly to: string };
  readonly filter: { readonly tenantId?: string; readonly department?: string; readonly challengeId?: string };
  readonly rows: number;
}

/** The kept statistics of each sluice, one aggregate per month, and the export log. */
export interface StatsRepository {
  getMonth(sluiceId: string, month: string): Promise<Versioned<MonthAggregate> | undefined>;
  /** Stores a month seen for the first time and gives its eTag; throws `AlreadyExistsError` when another writer was first. */
  createMonth(month: MonthAggregate): Promise<string>;
  /** Replaces a month only if unchanged since `etag` and gives the new eTag; else throws `ConflictError` (also when it is gone). */
  replaceMonth(month: MonthAggregate, etag: string): Promise<string>;
  /** The figures (the cells: no ledger, no implemented ideas) of the months from `from` to `to`, both included. */
  figures(sluiceId: string, from: string, to: string): Promise<MonthFigures[]>;
  /** The ideas implemented in the given months. */
  implemented(sluiceId: string, months: readonly string[]): Promise<ImplementedIdea[]>;
  /**
   * Every month's stage flow of the sluice, and a version of all its months that changes
   * whenever any of them does (their eTags), for reports kept until then.
   */
  flows(sluiceId: string): Promise<{ version: string; flows: MonthAggregate['flow'][] }>;
  /** Replaces all months of a sluice with a recount. */
  replaceAll(sluiceId: string, months: readonly MonthAggregate[]): Promise<void>;
  recordExport(entry: ExportRecord): Promise<void>;
  /** The latest exports of a sluice, newest first. */
  exports(sluiceId: string, limit: number): Promise<ExportRecord[]>;
  /** How far the catch-up sweep has counted changed ideas (ms since epoch), if it ever ran. */
  sweptUntil(): Promise<number | undefined>;
  saveSweptUntil(ms: number): Promise<void>;
}
