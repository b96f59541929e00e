import { createHash } from 'node:crypto';
import type { Idea } from './idea';
import { pendingJob } from './notifications';
import type { NotificationJob, NotificationStep, OutboxRepository } from './outbox';
import type { Clock } from './ports';

/**
 * A support changes how many support an idea, which the posted copies of its task card show
 * ("Stöd: 3 stödjer idén"), but it is no change of the idea, so no history event updates them.
 * Instead a support (or a withdrawal) queues one outbox job per idea and short window that brings
 * every posted copy to the count as it is when the job runs. The job's id comes from the idea and
 * the window, so a burst of supports (20 people at once) is one update, not twenty.
 */

/** Supports of one idea within this window share one update of its posted cards. */
export const SUPPORT_CARDS_WINDOW_MS = 5_000;
/** The update runs this long after its window ends, so a support stored at the window's end is counted. */
export const SUPPORT_CARDS_GRACE_MS = 1_000;

/**
 * The job that updates the idea's posted task cards to its support count. `now` is read after the
 * support was stored, so the job's window ends after it and the job, reading the count when it
 * runs, includes it.
 */
export function supportCardsJob(idea: Pick<Idea, 'id' | 'sluiceId'>, now: Date): NotificationJob {
  const fromMs = Math.floor(now.getTime() / SUPPORT_CARDS_WINDOW_MS) * SUPPORT_CARDS_WINDOW_MS;
  const hash = createHash('sha256').update(`supportCards\n${idea.sluiceId}\n${idea.id}\n${fromMs}`).digest('hex').slice(0, 32);
  const step: NotificationStep = { kind: 'supportCards' };
  return pendingJob(
    {
      id: `supportcards-${hash}`,
      ideaId: idea.id,
      sluiceId: idea.sluiceId,
      eventId: `support:${fromMs}`,
      eventKind: 'support',
      eventAt: new Date(fromMs).toISOString(),
    },
    [step],
    now,
    fromMs + SUPPORT_CARDS_WINDOW_MS + SUPPORT_CARDS_GRACE_MS,
  );
}

/** Queues the update of an idea's posted cards after its support count changed; best effort (the count on the board and panel is exact regardless). */
export class SupportCardUpdates {
  constructor(
    private readonly outbox: Pick<OutboxRepository, 'enqueue'>,
    private readonly clock: Clock,
    private readonly logger: { warn(obj: object, msg?: string): void },
    private readonly enqueued: () => void = () => undefined,
  ) {}

  async countChanged(sluiceId: string, ideaId: string): Promise<void> {
    try {
      if (await this.outbox.enqueue(supportCardsJob({ id: ideaId, sluiceId }, this.clock.now()))) this.enqueued();
    } catch (err) {
      this.logger.warn({ err, ideaId }, 'Could not queue the update of the posted cards after a support');
    }
  }
}
