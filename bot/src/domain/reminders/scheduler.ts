import { randomUUID } from 'node:crypto';
import type { HistoryEvent, Idea } from '../idea';
import { PeriodicTask } from '../periodic-task';
import { ConflictError, type Clock, type IdeaRepository, type SluiceRepository, type Versioned } from '../ports';
import type { Sluice } from '../sluice';
import { applyDueBreaches, withReminderDue } from './policy';

/** Ideas whose next reminder is due, found through the indexed due-time field. */
export interface DueIdeas {
  /** At most `limit` ideas with `reminderDueAtMs <= nowMs`, earliest first; one query. */
  due(nowMs: number, limit: number): Promise<Versioned<Idea>[]>;
}

/** Work the scheduler does besides reminders on each round (the digests). */
export interface ScheduledWork {
  run(now: Date): Promise<number>;
}

export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ReminderSchedulerOptions {
  readonly due: DueIdeas;
  readonly ideas: IdeaRepository;
  readonly sluices: SluiceRepository;
  readonly clock: Clock;
  readonly logger: SchedulerLogger;
  /** Called after a breach event was stored: queues what must be sent (the outbox listener). */
  readonly breached: (idea: Idea, sluice: Sluice, event: HistoryEvent) => Promise<void>;
  /** How often to scan; 0 leaves the scheduler paused (then `runOnce()` drives it). */
  readonly scanMs: number;
  /** Ideas read per query. Default 100. */
  readonly pageSize?: number;
  /** Queries per round at most, so one round never runs away. Default 50. */
  readonly maxPages?: number;
  readonly work?: readonly ScheduledWork[];
}

/** What one round did, for logs and the benchmark. */
export interface ScanResult {
  readonly queries: number;
  readonly ideas: number;
  readonly events: number;
  readonly conflicts: number;
  readonly other: number;
}

/**
 * Finds ideas past a limit and writes each due breach into the idea as a history event, with a
 * conditional write (eTag): with several instances exactly one write wins, and only the winner
 * queues the notifications. The event and the idea's next due time are written together, so a
 * crash after the write loses nothing (the outbox's recovery sweep queues what the crash left
 * unqueued) and a crash before it repeats nothing (the next scan finds the idea still due).
 */
export class ReminderScheduler {
  private readonly task: PeriodicTask;
  readonly instanceId = randomUUID();

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.task = new PeriodicTask({
      round: async () => {
        const result = await this.runOnce();
        if (result.events > 0 || result.other > 0) options.logger.info({ ...result }, 'Reminder scan');
      },
      everyMs: options.scanMs,
      failed: (err) => options.logger.error({ err }, 'Reminder scan failed; the next one tries again'),
    });
  }

  /** Starts scanning every `scanMs` (the first round right away); no-op when `scanMs` is 0. */
  start(): void {
    this.task.start();
  }

  /** Stops scanning and waits for the round in progress. */
  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One round: every due idea (in pages), then the scheduled work. */
  async runOnce(): Promise<ScanResult> {
    const { clock, pageSize = 100, maxPages = 50 } = this.options;
    const now = clock.now();
    const sluices = new Map<string, Sluice | undefined>();
    let queries = 0;
    let ideas = 0;
    let events = 0;
    let conflicts = 0;
    for (let page = 0; page < maxPages; page++) {
      const due = await this.options.due.due(now.getTime(), pageSize);
      queries++;
      let progressed = 0;
      for (const found of due) {
        ideas++;
        if (!sluices.has(found.value.sluiceId))
          sluices.set(found.value.sluiceId, (await this.options.sluices.get(found.value.sluiceId))?.value);
        const sluice = sluices.get(found.value.sluiceId);
        if (!sluice) continue;
        const outcome = await this.handle(found, sluice, now);
        if (outcome === 'conflict') conflicts++;
        else {
          progressed++;
          events += outcome;
        }
      }
      // A short page was the last; a page where every write lost means others are on it.
      if (due.length < pageSize || progressed === 0) break;
    }
    let other = 0;
    for (const work of this.options.work ?? []) other += await work.run(now);
    return { queries, ideas, events, conflicts, other };
  }

  private async handle(found: Versioned<Idea>, sluice: Sluice, now: Date): Promise<number | 'conflict'> {
    const applied = applyDueBreaches(found.value, sluice, now);
    // Nothing due after all (limits changed, or the idea moved on): store the right due time.
    const next = applied?.idea ?? withReminderDue(found.value, sluice);
    if (!applied && next.reminderDueAtMs === found.value.reminderDueAtMs) return 0;
    try {
      await this.options.ideas.replace(next, found.etag);
    } catch (err) {
      if (err instanceof ConflictError) return 'conflict';
      throw err;
    }
    for (const event of applied?.events ?? []) {
      try {
        await this.options.breached(next, sluice, event);
      } catch (err) {
        // The event is stored; the outbox's recovery sweep queues it.
        this.options.logger.warn({ err, ideaId: next.id, eventId: event.id }, 'Could not queue a reminder; the sweep will');
      }
    }
    return applied?.events.length ?? 0;
  }
}
