import type { Sluice } from '../sluice';
import { STAGES, type Stage } from '../stages';
import {
  CLOSE_KINDS,
  countAtMost,
  emptyCell,
  FUNNEL_STEPS,
  histogramCount,
  meanOf,
  mergeCell,
  mergeHistogram,
  percentile,
  TIMED_STAGES,
  type CellStats,
  type CloseKind,
  type FunnelStep,
  type Histogram,
  type ImplementedIdea,
  type MonthAggregate,
  type TimedStage,
} from './aggregate';
import { daysOf, lengthOf, monthsIn, type MonthRange } from './period';

/** Narrows the figures to one municipality and/or one department (as recorded at submission). */
export interface StatsFilter {
  readonly tenantId?: string;
  readonly department?: string;
}

/** Who sees what: coaches and admins everything; everyone else in the sluice the public summary. */
export type StatsScope = 'full' | 'public';

/** A figure of the period together with the same figure of the previous period of the same length. */
export interface Figure {
  readonly value: number;
  readonly previous: number;
}

export interface PeriodOut {
  /** First month, `YYYY-MM`. */
  readonly from: string;
  /** Last month, `YYYY-MM`. */
  readonly to: string;
  /** First and last day, `YYYY-MM-DD`. */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly months: number;
}

export interface Duration {
  /** Working days; absent when nothing was measured. */
  readonly median?: number;
  readonly p90?: number;
  readonly count: number;
}

export interface StatsReport {
  readonly scope: StatsScope;
  readonly period: PeriodOut;
  readonly previousPeriod: PeriodOut;
  readonly filter: StatsFilter;
  /** Each idea counts once per step, in the period in which it first reached that step. */
  readonly funnel: Readonly<Record<FunnelStep, Figure>>;
  /** Ideas in each stage now (not limited by the period). */
  readonly now: Readonly<Record<Stage, number>>;
  /** The funnel month by month through the period. */
  readonly series: readonly { readonly month: string; readonly funnel: Readonly<Record<FunnelStep, number>> }[];
  readonly outcomes: {
    /** Tested ideas: testing is a success in itself. */
    readonly tested: Figure;
    readonly implemented: Figure;
    readonly closed: Figure;
    /** Closings grouped by how (declined by a coach, withdrawn by the giver) and from which stage. */
    readonly closedBy: readonly { readonly how: CloseKind; readonly from: Stage; readonly count: number }[];
    /** The ideas implemented in the period, with their effects. */
    readonly implementedIdeas: readonly ImplementedIdea[];
  };
  /** Coach-only figures; absent in the public summary. */
  readonly details?: StatsDetails;
}

export interface StatsDetails {
  readonly departments: readonly {
    readonly department: string;
    readonly funnel: Readonly<Record<FunnelStep, Figure>>;
  }[];
  readonly municipalities: readonly {
    readonly tenantId: string;
    readonly name: string;
    readonly funnel: Readonly<Record<FunnelStep, Figure>>;
    /** Employees as the admin set them, when they did. */
    readonly employees?: number;
    /** Ideas handed in and implemented per 1 000 employees in the period. */
    readonly per1000?: { readonly submitted: number; readonly implemented: number };
  }[];
  readonly timeInStage: readonly ({ readonly stage: TimedStage; readonly previous: Duration } & Duration)[];
  readonly firstTalk: Duration & {
    readonly previous: Duration;
    /** The sluice's limit for the first talk, in working days. */
    readonly limitDays: number;
    /** Givers who got their first talk within the limit, and the share of all first talks. */
    readonly withinLimit: number;
    readonly share?: number;
    readonly previousShare?: number;
  };
  readonly satisfaction: {
    readonly mean?: number;
    readonly previousMean?: number;
    readonly count: number;
    readonly previousCount: number;
    /** Answers per rating 1–5. */
    readonly distribution: readonly number[];
    readonly byCoach: readonly { readonly coachId: string; readonly name?: string; readonly mean: number; readonly count: number }[];
    readonly byDepartment: readonly { readonly department: string; readonly mean: number; readonly count: number }[];
  };
}

/** The months' figures a report is made from; the ledger is not needed. */
export type MonthFigures = Pick<MonthAggregate, 'month' | 'cells' | 'implemented'>;

export interface ReportInput {
  readonly sluice: Pick<Sluice, 'coaches' | 'municipalities'> & {
    readonly municipalityEmployees?: Readonly<Record<string, number>>;
  };
  readonly scope: StatsScope;
  readonly filter: StatsFilter;
  readonly range: MonthRange;
  readonly previousRange: MonthRange;
  readonly months: readonly MonthFigures[];
  readonly previousMonths: readonly MonthFigures[];
  /** Every month's flow so far, for the ideas in each stage now. */
  readonly flows: readonly MonthAggregate['flow'][];
  /** The first-talk limit in working days. */
  readonly firstTalkLimitDays: number;
}

const matches = (cell: Pick<CellStats, 'tenantId' | 'department'>, filter: StatsFilter): boolean =>
  (filter.tenantId === undefined || cell.tenantId === filter.tenantId) &&
  (filter.department === undefined || cell.department === filter.department);

function cellsOf(months: readonly MonthFigures[], filter: StatsFilter): CellStats[] {
  return months.flatMap((m) => Object.values(m.cells).filter((c) => matches(c, filter)));
}

function total(cells: readonly CellStats[]): CellStats {
  const sum = emptyCell('', '');
  for (const c of cells) mergeCell(sum, c);
  return sum;
}

function funnelOf(cell: CellStats): Record<FunnelStep, number> {
  return Object.fromEntries(FUNNEL_STEPS.map((s) => [s, cell.funnel[s] ?? 0])) as Record<FunnelStep, number>;
}

function figures(now: CellStats, before: CellStats): Record<FunnelStep, Figure> {
  return Object.fromEntries(FUNNEL_STEPS.map((s) => [s, { value: now.funnel[s] ?? 0, previous: before.funnel[s] ?? 0 }])) as Record<
    FunnelStep,
    Figure
  >;
}

function grouped(cells: readonly CellStats[], by: (c: CellStats) => string): Map<string, CellStats> {
  const out = new Map<string, CellStats>();
  for (const c of cells) {
    const key = by(c);
    let sum = out.get(key);
    if (!sum) out.set(key, (sum = emptyCell(c.tenantId, c.department)));
    mergeCell(sum, c);
  }
  return out;
}

function duration(h: Histogram): Duration {
  const count = histogramCount(h);
  const median = percentile(h, 0.5);
  const p90 = percentile(h, 0.9);
  return { count, ...(median !== undefined ? { median } : {}), ...(p90 !== undefined ? { p90 } : {}) };
}

function periodOut(range: MonthRange): PeriodOut {
  const days = daysOf(range);
  return { from: range.from, to: range.to, firstDay: days.from, lastDay: days.to, months: lengthOf(range) };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Makes the report for a period from its months' aggregates. Pure. */
export function buildReport(input: ReportInput): StatsReport {
  const { filter } = input;
  const cells = cellsOf(input.months, filter);
  const before = cellsOf(input.previousMonths, filter);
  const sum = total(cells);
  const prev = total(before);

  const now = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const flow of input.flows) {
    for (const [key, byStage] of Object.entries(flow)) {
      const [tenantId = '', department = ''] = splitKey(key);
      if (!matches({ tenantId, department }, filter)) continue;
      for (const [stage, n] of Object.entries(byStage) as [Stage, number][]) now[stage] += n;
    }
  }

  const byMonth = new Map(input.months.map((m) => [m.month, m]));
  const series = monthsIn(input.range).map((month) => {
    const m = byMonth.get(month);
    return { month, funnel: funnelOf(total(m ? cellsOf([m], filter) : [])) };
  });

  const closedBy: { how: CloseKind; from: Stage; count: number }[] = [];
  for (const how of CLOSE_KINDS) {
    for (const from of STAGES) {
      const count = sum.closed[how]?.[from] ?? 0;
      if (count > 0) closedBy.push({ how, from, count });
    }
  }
  const implementedIdeas = input.months
    .flatMap((m) => m.implemented)
    .filter((i) => matches(i, filter))
    .sort((a, b) => a.at.localeCompare(b.at) || a.number - b.number);

  const report: StatsReport = {
    scope: input.scope,
    period: periodOut(input.range),
    previousPeriod: periodOut(input.previousRange),
    filter,
    funnel: figures(sum, prev),
    now,
    series,
    outcomes: {
      tested: { value: sum.funnel.testing ?? 0, previous: prev.funnel.testing ?? 0 },
      implemented: { value: sum.funnel.done ?? 0, previous: prev.funnel.done ?? 0 },
      closed: { value: sum.funnel.closed ?? 0, previous: prev.funnel.closed ?? 0 },
      closedBy,
      implementedIdeas,
    },
  };
  if (input.scope === 'public') return report;

  const byDepartment = grouped(cells, (c) => c.department);
  const prevByDepartment = grouped(before, (c) => c.department);
  const departments = [...byDepartment.entries()].map(([department, c]) => {
    const p = prevByDepartment.get(department) ?? emptyCell('', department);
    return { department, funnel: figures(c, p) };
  });
  for (const [department, p] of prevByDepartment) {
    if (!departments.some((d) => d.department === department)) departments.push({ department, funnel: figures(emptyCell('', ''), p) });
  }
  departments.sort((a, b) => b.funnel.submitted.value - a.funnel.submitted.value || a.department.localeCompare(b.department, 'sv'));

  const nowByTenant = grouped(cells, (c) => c.tenantId);
  const prevByTenant = grouped(before, (c) => c.tenantId);
  const tenants = [...new Set([...nowByTenant.keys(), ...prevByTenant.keys()])];
  const municipalities = tenants
    .map((tenantId) => {
      const c = nowByTenant.get(tenantId) ?? emptyCell(tenantId, '');
      const p = prevByTenant.get(tenantId) ?? emptyCell(tenantId, '');
      const employees = input.sluice.municipalityEmployees?.[tenantId];
      return {
        tenantId,
        name: input.sluice.municipalities[tenantId] ?? tenantId,
        funnel: figures(c, p),
        ...(employees && employees > 0
          ? {
              employees,
              per1000: {
                submitted: round2(((c.funnel.submitted ?? 0) * 1000) / employees),
                implemented: round2(((c.funnel.done ?? 0) * 1000) / employees),
              },
            }
          : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  const limit = input.firstTalkLimitDays;
  const talk = duration(sum.firstTalk);
  const within = countAtMost(sum.firstTalk, limit);
  const prevTalk = duration(prev.firstTalk);

  const ratingsByCoach = new Map<string, Histogram>();
  for (const c of cells) {
    for (const [coach, h] of Object.entries(c.ratingsByCoach)) {
      let into = ratingsByCoach.get(coach);
      if (!into) ratingsByCoach.set(coach, (into = {}));
      mergeHistogram(into, h);
    }
  }
  const mean = meanOf(sum.ratings);
  const previousMean = meanOf(prev.ratings);

  return {
    ...report,
    details: {
      departments,
      municipalities,
      timeInStage: TIMED_STAGES.map((stage) => ({
        stage,
        ...duration(sum.timeInStage[stage] ?? {}),
        previous: duration(prev.timeInStage[stage] ?? {}),
      })),
      firstTalk: {
        ...talk,
        previous: prevTalk,
        limitDays: limit,
        withinLimit: within,
        ...(talk.count > 0 ? { share: round2(within / talk.count) } : {}),
        ...(prevTalk.count > 0 ? { previousShare: round2(countAtMost(prev.firstTalk, limit) / prevTalk.count) } : {}),
      },
      satisfaction: {
        ...(mean !== undefined ? { mean: round2(mean) } : {}),
        ...(previousMean !== undefined ? { previousMean: round2(previousMean) } : {}),
        count: histogramCount(sum.ratings),
        previousCount: histogramCount(prev.ratings),
        distribution: [1, 2, 3, 4, 5].map((r) => sum.ratings[String(r)] ?? 0),
        byCoach: [...ratingsByCoach.entries()]
          .map(([coachId, h]) => {
            const name = input.sluice.coaches.find((c) => c.id === coachId)?.name;
            return { coachId, ...(name ? { name } : {}), mean: round2(meanOf(h) ?? 0), count: histogramCount(h) };
          })
          .sort((a, b) => b.count - a.count || a.coachId.localeCompare(b.coachId)),
        byDepartment: [...byDepartment.entries()]
          .filter(([, c]) => histogramCount(c.ratings) > 0)
          .map(([department, c]) => ({ department, mean: round2(meanOf(c.ratings) ?? 0), count: histogramCount(c.ratings) }))
          .sort((a, b) => b.count - a.count || a.department.localeCompare(b.department, 'sv')),
      },
    },
  };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}
