import { createHash } from 'node:crypto';
import type { NotificationJob, NotificationStep, OutboxRepository } from '../outbox';
import { pendingJob } from '../notifications';
import type { Clock, SluiceRepository } from '../ports';
import { changeSluice } from '../sluice-change';
import type { ReportChannel, Sluice } from '../sluice';
import { stockholmDate, stockholmTime, swedishCalendar, workingDayOnOrAfter } from '../working-days';
import { monthAt, monthIndex } from './period';
import type { StatsReport } from './report';
import type { ReportResult } from './stats-service';

/**
 * The monthly report card: on the first working day of each month at 08:00 in Stockholm, the
 * sluice's report channel gets one card with last month's figures. Exactly once per sluice and
 * month, however many instances run the scheduler: the outbox job's id is derived from sluice
 * and month (a second instance's enqueue stores nothing), and the month is then written on the
 * sluice with a conditional write, so later rounds do not make the card again.
 */

/** The hour (Stockholm) the report goes out on its day. */
export const REPORT_HOUR = 8;

/**
 * When the report of the month before `month` (`YYYY-MM`) is due: 08:00 Stockholm time on the
 * first working day of `month` (weekends and Swedish public holidays skipped; the sluice's own
 * closed days are not, so a closed July does not hold back June's report).
 */
export function reportDueAt(month: string): Date {
  return stockholmTime(workingDayOnOrAfter(`${month}-01`, swedishCalendar()), REPORT_HOUR);
}

/** The month whose report is due at `now`: last month, once this month's first working day's 08:00 has come. */
export function reportMonthDue(now: Date): { readonly month: string; readonly dueAt: Date } | undefined {
  const current = stockholmDate(now).slice(0, 7);
  const dueAt = reportDueAt(current);
  if (now.getTime() < dueAt.getTime()) return undefined;
  return { month: monthAt(monthIndex(current) - 1), dueAt };
}

/** The outbox job's id for a sluice's report of `month`: the same in every instance. */
export function monthlyReportJobId(sluiceId: string, month: string): string {
  const digest = createHash('sha256').update(sluiceId).digest('hex').slice(0, 24);
  return `monthly-report-${digest}-${month}`;
}

/** What the Teams side makes of a report: the card's message and the channel's reference to send it through. */
export interface ComposedReport {
  readonly reference: Readonly<Record<string, unknown>>;
  readonly message: Readonly<Record<string, unknown>>;
}

export interface MonthlyReportLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MonthlyReportDependencies {
  readonly sluices: SluiceRepository;
  readonly outbox: OutboxRepository;
  /** The figures (StatsService.report); the card shows the public scope: no names of people. */
  readonly report: (sluice: Sluice, month: string) => Promise<ReportResult>;
  /** The card and the channel's reference (rendered by the Teams side). */
  readonly compose: (sluice: Sluice, channel: ReportChannel, report: StatsReport) => Promise<ComposedReport>;
  readonly clock: Clock;
  readonly logger: MonthlyReportLogger;
  /** Called after a job was stored, so the outbox worker sends it now. */
  readonly queued?: () => void;
}

/** The scheduler's monthly report round (a `ScheduledWork` of the reminder scheduler). */
export class MonthlyReports {
  constructor(private readonly deps: MonthlyReportDependencies) {}

  /** Queues the reports that are due at `now`; returns how many this instance queued. */
  async run(now: Date): Promise<number> {
    const due = reportMonthDue(now);
    if (!due) return 0;
    let queued = 0;
    for (const sluice of await this.deps.sluices.list()) {
      const channel = sluice.reportChannel;
      if (!channel || sluice.monthlyReportQueued === due.month) continue;
      // A channel chosen after this month's report was due gets its first report next month.
      if (Date.parse(channel.setAt) > due.dueAt.getTime()) continue;
      try {
        if (await this.queue(sluice, channel, due.month, now)) queued++;
      } catch (err) {
        this.deps.logger.warn(
          { err, sluiceId: sluice.id, month: due.month },
          'Could not queue the monthly report; the next round tries again',
        );
      }
    }
    return queued;
  }

  private async queue(sluice: Sluice, channel: ReportChannel, month: string, now: Date): Promise<boolean> {
    const result = await this.deps.report(sluice, month);
    if (!result.ok) throw new Error(`The report of ${month} could not be made: ${result.problem.message}`);
    const composed = await this.deps.compose(sluice, channel, result.report);
    const stored = await this.deps.outbox.enqueue(monthlyReportJob(sluice.id, month, composed, now));
    // Stored or not (another instance was first), the month is done: say so on the sluice.
    await this.markQueued(sluice.id, month);
    if (stored) {
      this.deps.logger.info({ sluiceId: sluice.id, month, channel: channel.conversationId }, 'Monthly report queued');
      this.deps.queued?.();
    }
    return stored;
  }

  private async markQueued(sluiceId: string, month: string): Promise<void> {
    // When the sluice keeps changing it is left for the next round: its enqueue stores nothing (same job id), then it marks the month.
    await changeSluice(this.deps.sluices, sluiceId, (current) =>
      current.monthlyReportQueued === month ? undefined : { ...current, monthlyReportQueued: month },
    );
  }
}

/** The outbox job that posts the card: one `reply` step into the channel, with an id from sluice and month. */
export function monthlyReportJob(sluiceId: string, month: string, composed: ComposedReport, now: Date): NotificationJob {
  const at = now.toISOString();
  const step: NotificationStep = { kind: 'reply', index: 0, reference: composed.reference, message: composed.message };
  return pendingJob(
    {
      id: monthlyReportJobId(sluiceId, month),
      ideaId: `report:${sluiceId}`,
      sluiceId,
      eventId: `monthly-report:${month}`,
      eventKind: 'reply',
      eventAt: at,
    },
    [step],
    now,
  );
}
