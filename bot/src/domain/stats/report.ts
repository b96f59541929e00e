import type { Sluice } from '../sluice';
import { STAGES, type Stage } from '../stages';
import {
  CLOSE_KINDS,
  countAtMost,
  FUNNEL_STEPS,
  HISTOGRAM_CAP,
  histogramCount,
  meanOf,
  mergeHistogram,
  percentile,
  splitCellKey,
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

/** Narrows the figures to one municipality, one department (as recorded at submission) and/or one challenge. */
export interface StatsFilter {
  readonly tenantId?: string;
  readonly department?: string;
  readonly challengeId?: string;
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

/** A month's figures as a report reads them: the cells, without the ledger or the implemented ideas. */
export type MonthFigures = Pick<MonthAggregate, 'month' | 'cells'>;

/**
 * The report lists at most this many implemented ideas (the latest of the period);
 * `outcomes.implemented` still counts them all and the CSV export lists every one.
 */
export const IMPLEMENTED_LIST_LIMIT = 200;

export interface ReportInput {
  readonly sluice: Pick<Sluice, 'coaches' | 'municipalities'> & {
    readonly municipalityEmployees?: Readonly<Record<string, number>>;
    /** A sluice of one municipality names it when the admin has not (rather than its tenant id). */
    readonly name?: string;
    readonly tenantIds?: readonly string[];
  };
  readonly scope: StatsScope;
  readonly filter: StatsFilter;
  readonly range: MonthRange;
  readonly previousRange: MonthRange;
  readonly months: readonly MonthFigures[];
  readonly previousMonths: readonly MonthFigures[];
  /**
   * Implemented ideas of the period: all of them, or at least the latest
   * {@link IMPLEMENTED_LIST_LIMIT} that match the filter.
   */
  readonly implemented: readonly ImplementedIdea[];
  /** Every month's flow so far, for the ideas in each stage now. */
  readonly flows: readonly MonthAggregate['flow'][];
  /** The first-talk limit in working days. */
  readonly firstTalkLimitDays: number;
}

/** Whether a cell (or an implemented idea) is in the filter's municipality, department and challenge. */
export const matchesFilter = (cell: Pick<CellStats, 'tenantId' | 'department' | 'challengeId'>, filter: StatsFilter): boolean =>
  (filter.tenantId === undefined || cell.tenantId === filter.tenantId) &&
  (filter.department === undefined || cell.department === filter.department) &&
  (filter.challengeId === undefined || cell.challengeId === filter.challengeId);

function cellsOf(months: readonly MonthFigures[], filter: StatsFilter): CellStats[] {
  return months.flatMap((m) => Object.values(m.cells).filter((c) => matchesFilter(c, filter)));
}

type Funnel = Record<FunnelStep, number>;

const zeroFunnel = (): Funnel => Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Funnel;

function addFunnel(into: Funnel, cell: CellStats): void {
  for (const step of FUNNEL_STEPS) into[step] += cell.funnel[step] ?? 0;
}

/**
 * A histogram being added up, one slot per bin. Adding keyed histograms into a dense array is
 * many times cheaper than merging keyed objects, which is what a report of many months does most.
 */
type DenseHistogram = number[];

const zeroDense = (): DenseHistogram => new Array<number>(HISTOGRAM_CAP + 1).fill(0);

function addDense(into: DenseHistogram, h: Histogram | undefined): void {
  if (!h) return;
  for (const bin in h) into[Number(bin)]! += h[bin] ?? 0;
}

function keyed(d: DenseHistogram): Histogram {
  const h: Histogram = {};
  d.forEach((n, bin) => {
    if (n !== 0) h[String(bin)] = n;
  });
  return h;
}

/** Everything a period's cells add up to, for the sluice (or the filter) as a whole. */
interface Totals {
  readonly funnel: Funnel;
  readonly timeInStage: Record<TimedStage, Histogram>;
  readonly firstTalk: Histogram;
  readonly ratings: Histogram;
  readonly closed: CellStats['closed'];
}

function totalsOf(cells: readonly CellStats[]): Totals {
  const funnel = zeroFunnel();
  const stays = Object.fromEntries(TIMED_STAGES.map((s) => [s, zeroDense()])) as Record<TimedStage, DenseHistogram>;
  const firstTalk = zeroDense();
  const ratings = zeroDense();
  const closed: Partial<Record<CloseKind, Partial<Record<Stage, number>>>> = {};
  for (const c of cells) {
    addFunnel(funnel, c);
    for (const stage of TIMED_STAGES) addDense(stays[stage], c.timeInStage[stage]);
    addDense(firstTalk, c.firstTalk);
    addDense(ratings, c.ratings);
    for (const [kind, byStage] of Object.entries(c.closed) as [CloseKind, Partial<Record<Stage, number>>][]) {
      const target = (closed[kind] ??= {});
      for (const [stage, n] of Object.entries(byStage) as [Stage, number][]) target[stage] = (target[stage] ?? 0) + n;
    }
  }
  return {
    funnel,
    timeInStage: Object.fromEntries(TIMED_STAGES.map((s) => [s, keyed(stays[s])])) as Record<TimedStage, Histogram>,
    firstTalk: keyed(firstTalk),
    ratings: keyed(ratings),
    closed,
  };
}

/** The funnel (and, when asked, the ratings) per group of cells, in the order the groups first appear. */
function funnelsBy(cells: readonly CellStats[], by: (c: CellStats) => string): Map<string, { funnel: Funnel; ratings: Histogram }> {
  const out = new Map<string, { funnel: Funnel; ratings: Histogram }>();
  for (const c of cells) {
    const key = by(c);
    let sum = out.get(key);
    if (!sum) out.set(key, (sum = { funnel: zeroFunnel(), ratings: {} }));
    addFunnel(sum.funnel, c);
    mergeHistogram(sum.ratings, c.ratings);
  }
  return out;
}

function figures(now: Funnel, before: Funnel): Record<FunnelStep, Figure> {
  return Object.fromEntries(FUNNEL_STEPS.map((s) => [s, { value: now[s], previous: before[s] }])) as Record<FunnelStep, Figure>;
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
/** The municipality's name as the admin set it; else the sluice's, when it is that municipality's alone; else its tenant id. */
function municipalityName(sluice: ReportInput['sluice'], tenantId: string): string {
  const named = sluice.municipalities[tenantId];
  if (named) return named;
  return sluice.name && sluice.tenantIds?.length === 1 && sluice.tenantIds[0] === tenantId ? sluice.name : tenantId;
}

export function buildReport(input: ReportInput): StatsReport {
  const { filter } = input;
  const cells = cellsOf(input.months, filter);
  const before = cellsOf(input.previousMonths, filter);
  const sum = totalsOf(cells);
  const prev = totalsOf(before);

  const now = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const flow of input.flows) {
    for (const [key, byStage] of Object.entries(flow)) {
      if (!matchesFilter(splitCellKey(key), filter)) continue;
      for (const [stage, n] of Object.entries(byStage) as [Stage, number][]) now[stage] += n;
    }
  }

  const byMonth = new Map(input.months.map((m) => [m.month, m]));
  const series = monthsIn(input.range).map((month) => {
    const m = byMonth.get(month);
    const funnel = zeroFunnel();
    for (const c of m ? cellsOf([m], filter) : []) addFunnel(funnel, c);
    return { month, funnel };
  });

  const closedBy: { how: CloseKind; from: Stage; count: number }[] = [];
  for (const how of CLOSE_KINDS) {
    for (const from of STAGES) {
      const count = sum.closed[how]?.[from] ?? 0;
      if (count > 0) closedBy.push({ how, from, count });
    }
  }
  const implementedIdeas = input.implemented
    .filter((i) => matchesFilter(i, filter))
    .sort((a, b) => a.at.localeCompare(b.at) || a.number - b.number)
    .slice(-IMPLEMENTED_LIST_LIMIT);

  const report: StatsReport = {
    scope: input.scope,
    period: periodOut(input.range),
    previousPeriod: periodOut(input.previousRange),
    filter,
    funnel: figures(sum.funnel, prev.funnel),
    now,
    series,
    outcomes: {
      tested: { value: sum.funnel.testing, previous: prev.funnel.testing },
      implemented: { value: sum.funnel.done, previous: prev.funnel.done },
      closed: { value: sum.funnel.closed, previous: prev.funnel.closed },
      closedBy,
      implementedIdeas,
    },
  };
  if (input.scope === 'public') return report;

  const byDepartment = funnelsBy(cells, (c) => c.department);
  const prevByDepartment = funnelsBy(before, (c) => c.department);
  const departments = [...new Set([...byDepartment.keys(), ...prevByDepartment.keys()])].map((department) => ({
    department,
    funnel: figures(byDepartment.get(department)?.funnel ?? zeroFunnel(), prevByDepartment.get(department)?.funnel ?? zeroFunnel()),
  }));
  departments.sort((a, b) => b.funnel.submitted.value - a.funnel.submitted.value || a.department.localeCompare(b.department, 'sv'));

  const nowByTenant = funnelsBy(cells, (c) => c.tenantId);
  const prevByTenant = funnelsBy(before, (c) => c.tenantId);
  const tenants = [...new Set([...nowByTenant.keys(), ...prevByTenant.keys()])];
  const municipalities = tenants
    .map((tenantId) => {
      const c = nowByTenant.get(tenantId)?.funnel ?? zeroFunnel();
      const p = prevByTenant.get(tenantId)?.funnel ?? zeroFunnel();
      const employees = input.sluice.municipalityEmployees?.[tenantId];
      return {
        tenantId,
        name: municipalityName(input.sluice, tenantId),
        funnel: figures(c, p),
        ...(employees && employees > 0
          ? {
              employees,
              per1000: {
                submitted: round2((c.submitted * 1000) / employees),
                implemented: round2((c.done * 1000) / employees),
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
        ...duration(sum.timeInStage[stage]),
        previous: duration(prev.timeInStage[stage]),
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
