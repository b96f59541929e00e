import { randomUUID } from 'node:crypto';
import type { Effect, Idea, Person } from '../idea';
import type { IdeaListener } from '../idea-service';
import type { IdeaChangeFeed } from '../outbox';
import { PeriodicTask } from '../periodic-task';
import { AlreadyExistsError, ConflictError, type Clock, type IdeaRepository, type Versioned } from '../ports';
import { RecentMap } from '../recent-map';
import { limitsOf } from '../reminders/settings';
import type { Sluice } from '../sluice';
import { STAGES, type Stage } from '../stages';
import { stockholmDate } from '../working-days';
import { monthId, TIMED_STAGES, type ImplementedIdea, type MonthAggregate, type TimedStage } from './aggregate';
import { cellOf, countIdeasInMonth, ideaFacts, monthOf, monthsOf, recount, type EventFacts, type WorkingDayCount } from './facts';
import { monthsIn, previousOf, resolvePeriod, type MonthRange, type PeriodProblem, type PeriodRequest } from './period';
import type { ExportRecord, StatsRepository } from './ports';
import { buildReport, IMPLEMENTED_LIST_LIMIT, matchesFilter, type StatsFilter, type StatsReport, type StatsScope } from './report';

/** Where the statistics report an update that failed (the sweep counts it later). */
export interface StatsLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/** One idea as the CSV export lists it. */
export interface ExportRow {
  readonly number: number;
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly department: string;
  readonly municipality: string;
  readonly giver: string;
  readonly coach: string;
  readonly stage: Stage;
  /** The date (Stockholm, `YYYY-MM-DD`) each stage was first reached. */
  readonly reached: Partial<Record<Stage, string>>;
  /** Working days spent in each stage, the current stay counted until now. */
  readonly workingDays: Partial<Record<TimedStage, number>>;
  /** Mean of the giver's ratings, when they gave any. */
  readonly satisfaction?: number;
  readonly effects: readonly Effect[];
}

export type ReportResult = { ok: true; report: StatsReport } | { ok: false; problem: PeriodProblem };

/** How many reports an instance keeps (sluice × scope × period × filter), the least recently used dropped first. */
const KEPT_REPORTS = 100;

/** Months of implemented ideas read at once for a report's list. */
const IMPLEMENTED_MONTHS_PER_READ = 3;

/** How often a month's update is tried against concurrent writers before the sweep is left to do it. */
const MAX_ATTEMPTS = 40;

/**
 * The statistics: keeps each sluice's monthly aggregates up to date as ideas change, makes the
 * reports from them, and lists ideas for the export.
 *
 * Exactly once: an idea's events are counted into a month in one conditional write (eTag) that
 * also moves the idea's ledger entry in that month, so an update that is repeated, runs twice at
 * once, or arrives after a newer one never counts an event twice. An update lost to a crash
 * between the idea's write and the aggregate's is counted by the next change of the idea or by
 * the sweep over recently changed ideas; `rebuild` recounts everything from the histories.
 */
export class StatsService {
  constructor(
    private readonly ideas: IdeaRepository,
    private readonly stats: StatsRepository,
    private readonly clock: Clock,
    private readonly workingDays: WorkingDayCount,
    private readonly logger: StatsLogger,
  ) {}

  /** Reports kept until a month of their sluice changes, by {@link reportKey}. */
  private readonly reports = new Map<string, { readonly version: string; readonly report: StatsReport }>();

  /** Counts every submission and change right after the idea's write; a failure is left to the sweep. */
  listener(): IdeaListener {
    const count = (idea: Idea): Promise<void> => this.countOrLeaveToSweep(idea);
    return { ideaSubmitted: count, ideaChanged: count };
  }

  /** Per sluice: the update being written now, and the ideas waiting for the next one. */
  private readonly batches = new Map<string, { running: Promise<void>; next?: CountBatch }>();
  /** The months this instance wrote last, with their eTags (a copy that saves the read before each update). */
  private readonly written = new RecentMap<string, Versioned<MonthAggregate>>({ max: 100 });

  /** Counts an idea now; a failure is logged and left to the sweep. */
  private async countOrLeaveToSweep(idea: Idea): Promise<void> {
    try {
      await this.countBatched(idea);
    } catch (err) {
      this.logger.warn({ err, ideaId: idea.id }, 'Could not update the statistics; the sweep will');
    }
  }

  /**
   * Counts an idea together with the others of its sluice that change while an update of that
   * sluice is being written: one conditional write per month for all of them, rather than one
   * each racing the others for the same month document (under load, most of those writes were
   * lost to each other's eTags and retried). Resolves when the update that holds the idea is written.
   */
  private countBatched(idea: Idea): Promise<void> {
    const sluiceId = idea.sluiceId;
    const current = this.batches.get(sluiceId);
    if (!current) {
      const running = this.count(idea).finally(() => this.nextBatch(sluiceId));
      this.batches.set(sluiceId, { running });
      return running;
    }
    current.next ??= { ideas: new Map(), done: deferred() };
    const waiting = current.next.ideas.get(idea.id);
    // The newer version of an idea holds every event of the older one (history is append-only).
    if (!waiting || waiting.version <= idea.version) current.next.ideas.set(idea.id, idea);
    return current.next.done.promise;
  }

  /** Starts the update of the ideas that waited for the one just written, or forgets the sluice. */
  private nextBatch(sluiceId: string): void {
    const next = this.batches.get(sluiceId)?.next;
    if (!next) {
      this.batches.delete(sluiceId);
      return;
    }
    const ideas = [...next.ideas.values()].map((idea) => ({ idea, facts: ideaFacts(idea, this.workingDays) }));
    const running = this.countAll(sluiceId, ideas).finally(() => this.nextBatch(sluiceId));
    this.batches.set(sluiceId, { running });
    running.then(next.done.resolve, next.done.reject);
  }

  /**
   * Counts many ideas of a sluice at once, with one conditional write per month rather than one
   * per idea and month: the ideas an import created. A failure is logged and left to the sweep.
   */
  async countImported(sluiceId: string, ideas: readonly Idea[]): Promise<void> {
    try {
      await this.countAll(
        sluiceId,
        ideas.map((idea) => ({ idea, facts: ideaFacts(idea, this.workingDays) })),
      );
    } catch (err) {
      this.logger.warn({ err, sluiceId, ideas: ideas.length }, 'Could not count the imported ideas in the statistics; the sweep will');
    }
  }

  /** Counts what is not yet counted of an idea's history, month by month. Safe to repeat and to run concurrently. */
  async count(idea: Idea): Promise<void> {
    await this.countAll(idea.sluiceId, [{ idea, facts: ideaFacts(idea, this.workingDays) }]);
  }

  private async countAll(
    sluiceId: string,
    ideas: readonly { readonly idea: Idea; readonly facts: readonly EventFacts[] }[],
  ): Promise<void> {
    const months = [...new Set(ideas.flatMap(({ facts }) => monthsOf(facts)))].sort();
    for (const month of months) {
      const key = monthId(sluiceId, month);
      // The month as this instance last wrote it, checked by the conditional write: a copy that
      // lost, or that finds nothing to count, is followed by a read.
      let copy = this.written.get(key)?.value;
      for (let attempt = 0; ;) {
        const fromCopy = copy !== undefined;
        const current = copy ?? (await this.stats.getMonth(sluiceId, month));
        copy = undefined;
        const next = countIdeasInMonth(current?.value, sluiceId, month, ideas);
        if (!next) {
          if (fromCopy) continue;
          break;
        }
        try {
          const etag = current ? await this.stats.replaceMonth(next, current.etag) : await this.stats.createMonth(next);
          this.written.set(key, { value: next, etag });
          break;
        } catch (err) {
          this.written.delete(key);
          if (!(err instanceof ConflictError || err instanceof AlreadyExistsError)) throw err;
          if (fromCopy) continue;
          if (++attempt >= MAX_ATTEMPTS) throw err;
          await pause(attempt - 1);
        }
      }
    }
  }

  /** Counts the ideas changed since `fromMs` (the catch-up after a crash); returns how many it looked at. */
  async sweep(feed: IdeaChangeFeed, fromMs: number): Promise<number> {
    const changed = await feed.changedSince(new Date(fromMs).toISOString());
    for (const { sluiceId, ideaId } of changed) {
      const idea = await this.ideas.get(sluiceId, ideaId);
      if (idea) await this.count(idea.value);
    }
    return changed.length;
  }

  /** Runs the sweep from where the last one stopped (less a margin for clocks and slow writes). */
  async sweepSinceLast(feed: IdeaChangeFeed, marginMs = 5 * 60_000): Promise<number> {
    const startedAt = this.clock.now().getTime();
    const from = await this.stats.sweptUntil();
    // The first sweep of a database starts from now: older ideas are counted by `npm run stats:rebuild`.
    const n = from === undefined ? 0 : await this.sweep(feed, Math.max(0, from - marginMs));
    await this.stats.saveSweptUntil(startedAt);
    return n;
  }

  /**
   * The sweep every `everyMs` (0: never), for the app to start and stop: an aggregate update lost
   * to a crash is made up for, and the ledger in each month makes the overlap harmless.
   */
  periodicSweep(feed: IdeaChangeFeed, everyMs: number): PeriodicTask {
    return new PeriodicTask({
      round: async () => {
        await this.sweepSinceLast(feed);
      },
      everyMs,
      failed: (err) => this.logger.warn({ err }, 'Statistics sweep failed; it runs again later'),
    });
  }

  /** Recounts a sluice from its ideas' histories and replaces its aggregates. Returns the ideas and months counted. */
  async rebuild(sluiceId: string): Promise<{ ideas: number; months: number }> {
    let n = 0;
    const all: Idea[] = [];
    for await (const idea of this.ideas.all(sluiceId)) {
      all.push(idea);
      n++;
    }
    const months = recount(sluiceId, all, this.workingDays);
    await this.stats.replaceAll(sluiceId, [...months.values()]);
    return { ideas: n, months: months.size };
  }

  /**
   * The report of a period for one sluice, `public` for people who are not coaches. A report is
   * kept (per instance) until any month of the sluice changes: one small query of the months'
   * flows and eTags tells, and a report asked for again meanwhile costs only that query.
   */
  async report(sluice: Sluice, scope: StatsScope, period: PeriodRequest, filter: StatsFilter): Promise<ReportResult> {
    const resolved = resolvePeriod(period, this.clock.now());
    if (!resolved.ok) return resolved;
    const range = resolved.range;
    const previousRange = previousOf(range);
    const { version, flows } = await this.stats.flows(sluice.id);
    const key = reportKey(sluice, scope, range, filter);
    const kept = this.reports.get(key);
    if (kept && kept.version === version) {
      // Most recently used last, so the oldest is the one dropped.
      this.reports.delete(key);
      this.reports.set(key, kept);
      return { ok: true, report: kept.report };
    }
    const [months, previousMonths, implemented] = await Promise.all([
      this.stats.figures(sluice.id, range.from, range.to),
      this.stats.figures(sluice.id, previousRange.from, previousRange.to),
      this.latestImplemented(sluice.id, range, filter),
    ]);
    const report = buildReport({
      sluice,
      scope,
      filter,
      range,
      previousRange,
      months,
      previousMonths,
      implemented,
      flows,
      firstTalkLimitDays: firstTalkLimit(sluice),
    });
    this.reports.set(key, { version, report });
    if (this.reports.size > KEPT_REPORTS) this.reports.delete(this.reports.keys().next().value ?? key);
    return { ok: true, report };
  }

  /**
   * The period's implemented ideas, newest months first, until the report's list is full: a long
   * period of a large sluice reads a month or two, not every idea implemented in it.
   */
  private async latestImplemented(sluiceId: string, range: MonthRange, filter: StatsFilter): Promise<ImplementedIdea[]> {
    const months = monthsIn(range).reverse();
    const out: ImplementedIdea[] = [];
    let matching = 0;
    for (let at = 0; at < months.length && matching < IMPLEMENTED_LIST_LIMIT; at += IMPLEMENTED_MONTHS_PER_READ) {
      const found = await this.stats.implemented(sluiceId, months.slice(at, at + IMPLEMENTED_MONTHS_PER_READ));
      out.push(...found);
      matching += found.filter((i) => matchesFilter(i, filter)).length;
    }
    return out;
  }

  /** The months of a requested period, or the problem with it. */
  resolve(period: PeriodRequest): { ok: true; range: MonthRange } | { ok: false; problem: PeriodProblem } {
    return resolvePeriod(period, this.clock.now());
  }

  /**
   * The ideas of a period for the export: each idea with an event in the period (handed in,
   * moved, rated), in number order, and the log entry of who exported them.
   */
  async exportRows(
    sluice: Sluice,
    range: MonthRange,
    filter: StatsFilter,
    by: Person,
  ): Promise<{ rows: ExportRow[]; record: ExportRecord }> {
    const now = this.clock.now();
    const rows: ExportRow[] = [];
    for await (const idea of this.ideas.all(sluice.id)) {
      if (!matchesFilter(cellOf(idea), filter)) continue;
      // An imported idea was handed in at its createdAt, which no history event tells.
      if (!inRange(monthOf(idea.createdAt), range) && !idea.history.some((e) => inRange(monthOf(e.at), range))) continue;
      rows.push(this.rowOf(sluice, idea, now));
    }
    rows.sort((a, b) => a.number - b.number);
    const record: ExportRecord = {
      id: randomUUID(),
      sluiceId: sluice.id,
      at: now.toISOString(),
      by: { id: by.id, tenantId: by.tenantId, name: by.name },
      period: range,
      filter,
      rows: rows.length,
    };
    await this.stats.recordExport(record);
    this.logger.info({ exportId: record.id, by: record.by.id, sluiceId: sluice.id, rows: rows.length, period: range }, 'Ideas exported');
    return { rows, record };
  }

  /** The latest exports of a sluice, newest first. */
  async exportLog(sluiceId: string, limit = 50): Promise<ExportRecord[]> {
    return this.stats.exports(sluiceId, limit);
  }

  private rowOf(sluice: Sluice, idea: Idea, now: Date): ExportRow {
    const reached: Partial<Record<Stage, string>> = {};
    const workingDays: Partial<Record<TimedStage, number>> = {};
    let stage: Stage | undefined;
    let enteredAt: string | undefined;
    const stay = (until: string): void => {
      if (stage && enteredAt && (TIMED_STAGES as readonly string[]).includes(stage)) {
        const s = stage as TimedStage;
        workingDays[s] = (workingDays[s] ?? 0) + this.workingDays(enteredAt, until);
      }
    };
    for (const e of idea.history) {
      // Imported: handed in at its createdAt, in its stage from the import (as the statistics count it).
      if (e.kind === 'imported' && stage === undefined) reached.submitted = stockholmDate(new Date(idea.createdAt));
      const to = e.kind === 'submitted' ? 'submitted' : e.to;
      if (to === undefined || to === stage) continue;
      stay(e.at);
      reached[to] ??= stockholmDate(new Date(e.at));
      stage = to;
      enteredAt = e.at;
    }
    stay(now.toISOString());
    const ratings = idea.satisfaction.map((s) => s.rating);
    const effects = idea.effects ?? idea.history.find((e) => e.to === 'done' && e.effects)?.effects ?? [];
    const cell = cellOf(idea);
    return {
      number: idea.number,
      title: idea.title,
      need: idea.need,
      idea: idea.idea,
      department: cell.department,
      municipality: sluice.municipalities[idea.tenantId] ?? idea.tenantId,
      giver: idea.giver.name,
      coach: idea.coach?.name ?? '',
      stage: idea.stage,
      reached: Object.fromEntries(STAGES.filter((s) => reached[s]).map((s) => [s, reached[s]])),
      workingDays,
      ...(ratings.length > 0 ? { satisfaction: Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 } : {}),
      effects,
    };
  }
}

/** The first-talk limit of a sluice in working days: the limit for taking a new idea, as the reminders use it. */
export function firstTalkLimit(sluice: Pick<Sluice, 'reminders'>): number {
  return limitsOf(sluice).submitted;
}

/**
 * What a kept report depends on besides the months' figures: who asks (scope), the period, the
 * filter, and the sluice's settings the report reads (names, employees, the first-talk limit).
 */
function reportKey(sluice: Sluice, scope: StatsScope, range: MonthRange, filter: StatsFilter): string {
  return JSON.stringify([
    sluice.id,
    scope,
    range.from,
    range.to,
    filter.tenantId ?? null,
    filter.department ?? null,
    filter.challengeId ?? null,
    sluice.municipalities,
    sluice.municipalityEmployees ?? null,
    sluice.coaches.map((c) => [c.id, c.name]),
    firstTalkLimit(sluice),
  ]);
}

function inRange(month: string, range: MonthRange): boolean {
  return range.from <= month && month <= range.to;
}

/** Ideas waiting for the next statistics update of their sluice, and who waits for it. */
interface CountBatch {
  readonly ideas: Map<string, Idea>;
  readonly done: Deferred;
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The waiters catch it; a batch nobody awaits must not be an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function pause(attempt: number): Promise<void> {
  const ms = Math.min(2 ** Math.min(attempt, 6), 50) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}
