import { createHash } from 'node:crypto';
import type { Idea } from '../idea';
import type { NotificationJob, NotificationStep, OutboxRepository } from '../outbox';
import { pendingJob } from '../notifications';
import { ConflictError, type Clock, type SluiceRepository } from '../ports';
import type { DigestSubscription, Sluice } from '../sluice';
import type { Locale } from '../stages';
import { stockholmDate } from '../working-days';
import {
  dueMonthlyRound,
  dueWeeklyRound,
  monthPeriod,
  monthlyDigestOf,
  subscriptionOf,
  weeklyDigestOf,
  weeklyPeriodStart,
  weeklyRecipients,
  type DigestRound,
  type MonthlyDigest,
  type WeeklyDigest,
} from './digests';
import type { ScheduledWork, SchedulerLogger } from './scheduler';
import { calendarOf } from './settings';

/** The ideas a digest reads, each with one query on indexed fields of one sluice. */
export interface DigestSource {
  /** The coach's ideas in an open stage, with their history. */
  openOfCoach(sluiceId: string, coachId: string): Promise<Idea[]>;
  /** Ideas handed in during [fromMs, toMs), oldest first, at most `limit`. */
  createdBetween(sluiceId: string, fromMs: number, toMs: number, limit: number): Promise<Idea[]>;
  /** Ideas whose stage changed at or after `fromIso` (the only ones a month's outcomes can be in). */
  stageChangedSince(sluiceId: string, fromIso: string): Promise<Idea[]>;
}

/** New ideas a weekly digest reads at most (the card lists fewer and counts the rest). */
const NEW_IDEAS_READ = 200;

/** The outbox job of one digest to one recipient: its id comes from the sluice, the round and the recipient. */
export function digestJob(
  sluice: Pick<Sluice, 'id'>,
  kind: 'weekly' | 'monthly',
  round: DigestRound,
  recipient: string,
  step: NotificationStep,
  now: Date,
): NotificationJob {
  const hash = createHash('sha256').update(`${sluice.id}\n${kind}\n${round.round}\n${recipient}`).digest('hex').slice(0, 32);
  return pendingJob(
    {
      id: `digest-${kind}-${hash}`,
      ideaId: `digest:${sluice.id}`,
      sluiceId: sluice.id,
      eventId: `${kind}:${round.round}:${recipient}`,
      eventKind: 'digest',
      eventAt: round.dueAt.toISOString(),
    },
    [step],
    now,
  );
}

/** The jobs of a sluice's due rounds at `now`, and the `digestsQueued` they make; undefined when nothing is due. */
export function dueDigestJobs(
  sluice: Sluice,
  now: Date,
): { jobs: NotificationJob[]; queued: NonNullable<Sluice['digestsQueued']> } | undefined {
  const calendar = calendarOf(sluice);
  const last = sluice.digestsQueued ?? {};
  const jobs: NotificationJob[] = [];
  let queued = { ...last };
  const weekly = dueWeeklyRound(now, last.weekly, calendar);
  // A sluice's first scan only records the round that is already due: its first digest is the
  // next one, so a new sluice (or a first start on a Wednesday) sends nobody a late card.
  if (weekly && last.weekly !== undefined) {
    const fromMs = weeklyPeriodStart(weekly, last.weekly, calendar).getTime();
    for (const coachId of weeklyRecipients(sluice, stockholmDate(now)))
      jobs.push(
        digestJob(
          sluice,
          'weekly',
          weekly,
          coachId,
          { kind: 'weeklyDigest', coachId, round: weekly.round, fromMs, toMs: weekly.dueAt.getTime() },
          now,
        ),
      );
  }
  if (weekly) queued = { ...queued, weekly: weekly.round };
  const monthly = dueMonthlyRound(now, last.monthly, calendar);
  if (monthly && last.monthly !== undefined) {
    for (const s of sluice.digestSubscriptions ?? [])
      jobs.push(
        digestJob(
          sluice,
          'monthly',
          monthly,
          s.conversationId,
          { kind: 'monthlyDigest', conversationId: s.conversationId, round: monthly.round },
          now,
        ),
      );
  }
  if (monthly) queued = { ...queued, monthly: monthly.round };
  return weekly || monthly ? { jobs, queued } : undefined;
}

export interface DigestWorkOptions {
  readonly sluices: SluiceRepository;
  readonly outbox: OutboxRepository;
  readonly logger: SchedulerLogger;
  /** Called when a job was stored (wakes the outbox worker). */
  readonly enqueued?: () => void;
}

/** Times a sluice is read again when its conditional write lost against another change. */
const ATTEMPTS = 5;

/**
 * The digests as the reminder scheduler's extra work: on each round, every sluice whose weekly or
 * monthly round has come gets one outbox job per coach (per subscribed channel). Exactly once with
 * several instances and across crashes: the job ids are derived from the sluice, the round and the
 * recipient, so a second instance (or a repeat after a crash) stores nothing new; then the round is
 * written to the sluice's `digestsQueued` with a conditional write (eTag), so later scans do not
 * look again. Jobs are stored before the round is recorded, so a crash between loses nothing.
 */
export class DigestWork implements ScheduledWork {
  constructor(private readonly options: DigestWorkOptions) {}

  /** Returns how many jobs it stored. */
  async run(now: Date): Promise<number> {
    let stored = 0;
    for (const sluice of await this.options.sluices.list()) {
      try {
        stored += await this.runFor(sluice.id, now);
      } catch (err) {
        this.options.logger.warn({ err, sluiceId: sluice.id }, 'Could not queue the digests of a sluice; the next scan tries again');
      }
    }
    return stored;
  }

  private async runFor(sluiceId: string, now: Date): Promise<number> {
    let stored = 0;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.options.sluices.get(sluiceId);
      if (!current) return stored;
      const due = dueDigestJobs(current.value, now);
      if (!due) return stored;
      for (const job of due.jobs) {
        if (await this.options.outbox.enqueue(job)) {
          stored++;
          this.options.enqueued?.();
        }
      }
      try {
        await this.options.sluices.replace({ ...current.value, digestsQueued: due.queued }, current.etag);
        if (stored > 0) this.options.logger.info({ sluiceId, queued: due.queued, jobs: stored }, 'Digests queued');
        return stored;
      } catch (err) {
        // Another instance recorded the round, or someone changed the sluice: read it again.
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return stored;
  }
}

/** What the digests read when they are sent (always the ideas as they are then). */
export class DigestContent {
  constructor(
    private readonly source: DigestSource,
    private readonly clock: Clock,
  ) {}

  /** A coach's weekly digest for the period of the step. */
  async weekly(sluice: Sluice, step: Extract<NotificationStep, { kind: 'weeklyDigest' }>): Promise<WeeklyDigest> {
    const [created, coachOpen] = await Promise.all([
      this.source.createdBetween(sluice.id, step.fromMs, step.toMs, NEW_IDEAS_READ),
      this.source.openOfCoach(sluice.id, step.coachId),
    ]);
    return weeklyDigestOf(
      sluice,
      step.coachId,
      { created, coachOpen },
      { from: new Date(step.fromMs), to: new Date(step.toMs) },
      this.clock.now(),
    );
  }

  /** "Vad hände med våra idéer?" for the month of the step. */
  async monthly(sluice: Sluice, month: string): Promise<MonthlyDigest> {
    const ideas = await this.source.stageChangedSince(sluice.id, monthPeriod(month).from.toISOString());
    return monthlyDigestOf(ideas, month);
  }
}

/** Why a channel could not subscribe or unsubscribe. */
export type SubscriptionOutcome =
  | { readonly ok: true; readonly change: 'subscribed' | 'already' | 'unsubscribed' | 'notSubscribed'; readonly sluice: Sluice }
  | { readonly ok: false; readonly problem: 'notFound' | 'busy' };

/** The channel that subscribes, as the Teams edge read it from the mention. */
export interface SubscribingChannel {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly locale: Locale;
  /** Entra object id of the person who asked. */
  readonly by: string;
}

/**
 * "prenumerera" / "avsluta prenumeration": adds or removes a channel's subscription to the monthly
 * digest, with a conditional write of the sluice (read again when someone else changed it).
 */
export class DigestSubscriptions {
  constructor(
    private readonly sluices: SluiceRepository,
    private readonly clock: Clock,
  ) {}

  subscribe(sluiceId: string, channel: SubscribingChannel): Promise<SubscriptionOutcome> {
    return this.change(
      sluiceId,
      (sluice) => {
        if (subscriptionOf(sluice, channel.conversationId)) return undefined;
        const subscription: DigestSubscription = {
          conversationId: channel.conversationId,
          serviceUrl: channel.serviceUrl,
          tenantId: channel.tenantId,
          locale: channel.locale,
          subscribedBy: channel.by,
          subscribedAt: this.clock.now().toISOString(),
        };
        return { ...sluice, digestSubscriptions: [...(sluice.digestSubscriptions ?? []), subscription] };
      },
      'subscribed',
      'already',
    );
  }

  unsubscribe(sluiceId: string, conversationId: string): Promise<SubscriptionOutcome> {
    return this.change(
      sluiceId,
      (sluice) =>
        subscriptionOf(sluice, conversationId)
          ? { ...sluice, digestSubscriptions: (sluice.digestSubscriptions ?? []).filter((s) => s.conversationId !== conversationId) }
          : undefined,
      'unsubscribed',
      'notSubscribed',
    );
  }

  private async change(
    sluiceId: string,
    next: (sluice: Sluice) => Sluice | undefined,
    changed: 'subscribed' | 'unsubscribed',
    unchanged: 'already' | 'notSubscribed',
  ): Promise<SubscriptionOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.sluices.get(sluiceId);
      if (!current) return { ok: false, problem: 'notFound' };
      const updated = next(current.value);
      if (!updated) return { ok: true, change: unchanged, sluice: current.value };
      try {
        return { ok: true, change: changed, sluice: (await this.sluices.replace(updated, current.etag)).value };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return { ok: false, problem: 'busy' };
  }
}
