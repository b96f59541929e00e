/**
 * Wire contracts of the statistics routes. Types only: the tab imports them with `import type`.
 * `GET /api/stats` answers a {@link StatsResponse}; the coach-only `details` are missing from the
 * public summary.
 */
import type { StatsReport } from '../domain/stats/report';

export type { FunnelStep, ImplementedIdea, TimedStage } from '../domain/stats/aggregate';
export type { Duration, Figure, PeriodOut, StatsDetails, StatsFilter, StatsReport, StatsScope } from '../domain/stats/report';
export type { PeriodPreset } from '../domain/stats/period';

export type StatsResponse = StatsReport;

/** One entry of the export log (`GET /api/stats/exports`). */
export interface ExportLogEntry {
  readonly at: string;
  readonly by: { readonly id: string; readonly name: string };
  readonly period: { readonly from: string; readonly to: string };
  readonly rows: number;
}
