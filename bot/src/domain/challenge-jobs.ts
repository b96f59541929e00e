import type { Challenge, ChallengeAnnouncer, ChallengeRepository } from './challenges';
import { pendingJob } from './notifications';
import type { NotificationJob, NotificationStep, OutboxRepository } from './outbox';
import { ConflictError, type Clock } from './ports';
import type { ScheduledWork, SchedulerLogger } from './reminders/scheduler';

/**
 * The background side of challenges, through the outbox like every other message: posting a new
 * challenge's card to its channels, and closing it by itself after its last day with a summary to
 * its owner. The cards are rendered when the outbox sends them (from the challenge and its ideas
 * as they are then), so a late delivery never shows an outdated count.
 */

/** The outbox partition of a challenge's jobs. */
export function challengeJobPartition(challengeId: string): string {
  return `challenge:${challengeId}`;
}

/** The id of the job that posts a challenge to its channels: one per challenge, however often it is announced. */
export function challengePostJobId(challengeId: string): string {
  return `challenge-post-${challengeId}`;
}

/** The id of the job that sends the owner's summary: one per challenge, however many instances close it. */
export function challengeSummaryJobId(challengeId: string): string {
  return `challenge-summary-${challengeId}`;
}

function challengeJob(challenge: Challenge, id: string, eventId: string, steps: readonly NotificationStep[], now: Date): NotificationJob {
  return pendingJob(
    {
      id,
      ideaId: challengeJobPartition(challenge.id),
      sluiceId: challenge.sluiceId,
      eventId,
      eventKind: 'challenge',
      eventAt: now.toISOString(),
    },
    steps,
    now,
  );
}

/** The job that posts the challenge's card to each of its channels (none when it has no channels). */
export function challengePostJob(challenge: Challenge, now: Date): NotificationJob | undefined {
  if (challenge.channels.length === 0) return undefined;
  const steps = challenge.channels.map((c): NotificationStep => ({
    kind: 'challengePost',
    challengeId: challenge.id,
    conversationId: c.conversationId,
  }));
  return challengeJob(challenge, challengePostJobId(challenge.id), `posted:${challenge.id}`, steps, now);
}

/** The job that sends the owner the summary of a closed challenge. */
export function challengeSummaryJob(challenge: Challenge, now: Date): NotificationJob {
  const step: NotificationStep = { kind: 'challengeSummary', challengeId: challenge.id, personId: challenge.owner.id };
  return challengeJob(challenge, challengeSummaryJobId(challenge.id), `closed:${challenge.id}`, [step], now);
}

/** Queues a new challenge's posts in the outbox; a repeat stores nothing new (the job id is the challenge's). */
export class OutboxChallengeAnnouncer implements ChallengeAnnouncer {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    /** Called when a job was stored (wakes the outbox worker). */
    private readonly queued?: () => void,
  ) {}

  async announce(challenge: Challenge): Promise<void> {
    const job = challengePostJob(challenge, this.clock.now());
    if (job && (await this.outbox.enqueue(job))) this.queued?.();
  }
}

export interface ChallengeClosingOptions {
  readonly challenges: ChallengeRepository;
  readonly outbox: OutboxRepository;
  readonly logger: SchedulerLogger;
  /** Called when a summary job was stored (wakes the outbox worker). */
  readonly queued?: () => void;
  /** Challenges closed per round at most. Default 50. */
  readonly batch?: number;
}

/**
 * Closes challenges whose last day has passed, as work of the reminder scheduler's rounds (one
 * clock, safe with several instances). For each due challenge the owner's summary job is stored
 * first, with an id derived from the challenge, so two instances (or a repeat after a crash)
 * store one job; then the challenge is marked closed with a conditional write, so later rounds do
 * not look at it again. A crash between the two loses nothing: the next round finds the
 * challenge still open, stores nothing new and marks it.
 */
export class ChallengeClosing implements ScheduledWork {
  constructor(private readonly options: ChallengeClosingOptions) {}

  /** Returns how many summaries this instance queued. */
  async run(now: Date): Promise<number> {
    const { challenges, outbox, logger } = this.options;
    let queued = 0;
    for (const due of await challenges.dueToClose(now.getTime(), this.options.batch ?? 50)) {
      const challenge = due.value;
      try {
        if (await outbox.enqueue(challengeSummaryJob(challenge, now))) {
          queued++;
          this.options.queued?.();
        }
        await challenges.replace({ ...challenge, state: 'closed', closedAt: now.toISOString() }, due.etag);
        logger.info({ challengeId: challenge.id, sluiceId: challenge.sluiceId }, 'Challenge closed');
      } catch (err) {
        // Another instance closed it at the same moment: its write stands, the summary is queued once.
        if (err instanceof ConflictError) continue;
        logger.warn({ err, challengeId: challenge.id }, 'Could not close a challenge; the next round tries again');
      }
    }
    return queued;
  }
}
