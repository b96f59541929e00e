import { randomUUID } from 'node:crypto';
import { MAX_DELIVERY_ROUNDS, retryDelayMs } from './notifications';
import { PeriodicTask } from './periodic-task';
import type { DeliveryOutcome, NotificationJob, NotificationStep, OutboxRepository, StepState } from './outbox';
import { ConflictError, type Clock, type Versioned } from './ports';

export interface WorkerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxWorkerOptions {
  readonly outbox: OutboxRepository;
  /** Carries out one step (sends to Teams). */
  deliver(job: NotificationJob, step: NotificationStep): Promise<DeliveryOutcome>;
  /** Stores jobs for events in [fromMs, toMs) that have none (see recoverMissedJobs). */
  recover?(fromMs: number, toMs: number): Promise<number>;
  readonly clock: Clock;
  readonly logger: WorkerLogger;
  /** How often to look for due jobs when nothing woke the worker. */
  readonly pollMs: number;
  /** How long a claimed job is this worker's before others may take it over. Default 60 s. */
  readonly leaseMs?: number;
  /** Jobs claimed per round. Default 10. */
  readonly batchSize?: number;
  /** How often the recovery sweep runs. Default 60 s. */
  readonly sweepEveryMs?: number;
  /** Events younger than this are left to the request that wrote them. Default 10 s. */
  readonly settleMs?: number;
  /** Identifies this instance in leases and logs. */
  readonly instanceId?: string;
  /**
   * Told of a job that ends with a step that failed for good (at once, or after the last round),
   * just before the job is stored as done; for work whose failure someone must see (the rescore
   * job writes the audit log). Must be safe to repeat; its own failure is logged.
   */
  failed?(job: NotificationJob): Promise<void>;
}

/**
 * How many jobs a worker runs straight after storing them, at once: enough to keep up with what one
 * instance can take in under load (at 4 the task cards of a closed loop of 50 givers fell behind
 * their turns); more wait for a round (which delivers one job after the other), so a burst of
 * submissions does not become an unbounded burst at Teams.
 */
export const MAX_IMMEDIATE_JOBS = 12;

/** The first sweep of a new outbox looks this far back. */
const FIRST_SWEEP_LOOKBACK_MS = 60 * 60_000;
/** Sweeps overlap by this much, for clock differences between instances. */
const SWEEP_OVERLAP_MS = 2 * 60_000;

/**
 * Drains the outbox in the background. Safe with several server instances: a worker claims a
 * job with a conditional write that also moves its due time forward by the lease, so exactly one
 * instance holds it, and a job whose worker died becomes due again when the lease runs out.
 * Steps that hit 429/5xx are retried with back-off (honouring Retry-After); progress is saved
 * after every step, so a crash repeats at most the step that was running.
 */
export class OutboxWorker {
  private readonly instanceId: string;
  private readonly task: PeriodicTask;
  private lastSweepMs = 0;
  /** The jobs {@link enqueue} runs right now, outside the rounds. */
  private readonly immediate = new Set<Promise<void>>();
  /**
   * Per idea, the end of the last job this instance started for it: an idea's jobs run here one
   * after another, in the order they were started, whether a round or {@link enqueue} runs them.
   */
  private readonly ideaTails = new Map<string, Promise<void>>();

  constructor(private readonly options: OutboxWorkerOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.task = new PeriodicTask({
      round: () => this.loop(),
      everyMs: options.pollMs,
      // Cosmos unreachable or throttled: the next round tries again; nothing is lost.
      failed: (err) => options.logger.error({ err }, 'Outbox round failed'),
    });
  }

  /** Starts polling (and sweeping); the first round runs right away. No-op when `pollMs` is 0. */
  start(): void {
    this.task.start();
  }

  /** Asks for a round soon, e.g. right after a job was enqueued. No-op when not started. */
  wake(): void {
    this.task.wake();
  }

  /** Stops polling and waits for the round in progress and the jobs run at once. */
  async stop(): Promise<void> {
    await this.task.stop();
    await Promise.all([...this.immediate]);
  }

  /**
   * Stores a new job and, while the worker polls and has room, delivers it at once: the job is
   * stored already claimed by this instance (its lease and first round counted, as a claim writes
   * them), so no round has to look for it and claim it, and no other instance takes it before the
   * lease runs out; if this process dies meanwhile, the job falls due when the lease ends. A paused
   * worker, one already running {@link MAX_IMMEDIATE_JOBS}, or one still running a job of the same
   * idea stores the job due for the next round. Resolves false (and changes nothing) when the job
   * for that event exists.
   */
  async enqueue(job: NotificationJob): Promise<boolean> {
    const { outbox } = this.options;
    // A job of an idea whose earlier job runs here waits for a round: a lease taken now would run while it waits.
    if (!this.task.active || this.immediate.size >= MAX_IMMEDIATE_JOBS || this.ideaTails.has(job.ideaId)) {
      const stored = await outbox.enqueue(job);
      if (stored) this.wake();
      return stored;
    }
    const claimed = await outbox.create(this.leased(job));
    if (!claimed) return false;
    const run = this.inOrder(job.ideaId, () => this.process(claimed))
      .catch((err: unknown) => this.options.logger.error({ err, jobId: job.id }, 'Outbox job failed; it is due again when its lease ends'))
      .finally(() => this.immediate.delete(run));
    this.immediate.add(run);
    return true;
  }

  /**
   * One round: claims the due jobs and delivers them. Returns how many jobs it handled. Used by
   * the loop, and directly by tests and tools when the loop is paused (OUTBOX_POLL_MS=0).
   */
  async runOnce(): Promise<number> {
    const { outbox, clock } = this.options;
    const due = await outbox.due(clock.now().getTime(), this.options.batchSize ?? 10);
    let handled = 0;
    for (const job of due) {
      // Claimed once the idea's job before it has ended here, so its lease does not run while it waits.
      await this.inOrder(job.value.ideaId, async () => {
        const claimed = await this.claim(job);
        if (!claimed) return;
        await this.process(claimed);
        handled++;
      });
    }
    return handled;
  }

  /**
   * The recovery sweep: stores jobs for events whose request died between the idea's write and
   * the outbox write. `settleMs` overrides how young an event may be and still be left alone.
   */
  async sweepOnce(settleMs = this.options.settleMs ?? 10_000): Promise<number> {
    const { outbox, clock, recover } = this.options;
    if (!recover) return 0;
    const now = clock.now().getTime();
    const until = now - settleMs;
    const mark = await outbox.sweptUntil();
    const from = mark === undefined ? until - FIRST_SWEEP_LOOKBACK_MS : mark - SWEEP_OVERLAP_MS;
    const stored = await recover(from, until);
    await outbox.saveSweptUntil(Math.max(until, mark ?? 0));
    if (stored > 0) this.options.logger.warn({ stored, from, until }, 'Outbox sweep recovered notifications a crash had left unqueued');
    return stored;
  }

  /** One loop round: the sweep when it is due, then a batch; `true` when the batch was full (more is waiting). */
  private async loop(): Promise<boolean> {
    const now = this.options.clock.now().getTime();
    if (now - this.lastSweepMs >= (this.options.sweepEveryMs ?? 60_000)) {
      this.lastSweepMs = now;
      await this.sweepOnce();
    }
    const handled = await this.runOnce();
    return handled >= (this.options.batchSize ?? 10);
  }

  /** Runs `work` after every job this instance started earlier for the same idea. */
  private inOrder(ideaId: string, work: () => Promise<void>): Promise<void> {
    const run = (this.ideaTails.get(ideaId) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.ideaTails.set(ideaId, tail);
    void tail.then(() => {
      if (this.ideaTails.get(ideaId) === tail) this.ideaTails.delete(ideaId);
    });
    return run;
  }

  /** The job as this instance holds it: leased, due again when the lease ends, one more round counted. */
  private leased(job: NotificationJob): NotificationJob {
    const now = this.options.clock.now();
    return {
      ...job,
      leaseOwner: this.instanceId,
      dueAtMs: now.getTime() + (this.options.leaseMs ?? 60_000),
      attempts: job.attempts + 1,
      updatedAt: now.toISOString(),
    };
  }

  private async claim(job: Versioned<NotificationJob>): Promise<Versioned<NotificationJob> | undefined> {
    try {
      return await this.options.outbox.replace(this.leased(job.value), job.etag);
    } catch (err) {
      if (err instanceof ConflictError) return undefined; // another instance took it
      throw err;
    }
  }

  private async process(claimed: Versioned<NotificationJob>): Promise<void> {
    const { outbox, clock, logger } = this.options;
    let current = claimed;
    let retryAfterMs: number | undefined;
    let lastError: string | undefined;
    for (let i = 0; i < current.value.steps.length; i++) {
      const state = current.value.steps[i] as StepState;
      if (state.status !== 'pending') continue;
      const outcome = await this.deliverSafely(current.value, state.step);
      if (outcome.status === 'retry') {
        lastError = outcome.error;
        if (outcome.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, outcome.retryAfterMs);
        current = { ...current, value: withStep(current.value, i, { ...state, attempts: state.attempts + 1, lastError: outcome.error }) };
        continue;
      }
      if (outcome.status === 'failed')
        logger.warn({ jobId: current.value.id, step: state.key, error: outcome.error }, 'Notification step failed');
      const finished: StepState = {
        ...state,
        status: outcome.status,
        attempts: state.attempts + 1,
        finishedAt: clock.now().toISOString(),
        ...(outcome.status === 'failed' ? { lastError: outcome.error } : {}),
      };
      const stepped = withStep(current.value, i, finished);
      if (outcome.status !== 'failed' && !stepped.steps.some((s) => s.status === 'pending')) {
        // The job's last step went well: one write saves it and finishes the job.
        await this.finish({ ...current, value: stepped }, retryAfterMs, lastError);
        return;
      }
      try {
        // Saved at once, so a crash after this point does not send the step again.
        current = await outbox.replace({ ...stepped, updatedAt: clock.now().toISOString() }, current.etag);
      } catch (err) {
        if (err instanceof ConflictError) {
          logger.warn({ jobId: current.value.id }, 'Lost the lease on an outbox job; another instance continues it');
          return;
        }
        throw err;
      }
    }
    await this.finish(current, retryAfterMs, lastError);
  }

  private async finish(
    current: Versioned<NotificationJob>,
    retryAfterMs: number | undefined,
    lastError: string | undefined,
  ): Promise<void> {
    const { outbox, clock, logger } = this.options;
    const now = clock.now();
    const { leaseOwner, ...job } = current.value;
    void leaseOwner;
    const pending = job.steps.some((s) => s.status === 'pending');
    let next: NotificationJob;
    if (!pending) {
      next = { ...job, status: 'done', updatedAt: now.toISOString() };
    } else if (job.attempts >= MAX_DELIVERY_ROUNDS) {
      logger.error({ jobId: job.id, ideaId: job.ideaId, lastError }, 'Giving up on notification steps after repeated failures');
      next = {
        ...job,
        status: 'done',
        steps: job.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'failed', finishedAt: now.toISOString() } : s)),
        updatedAt: now.toISOString(),
      };
    } else {
      const delay = retryDelayMs(job.attempts, retryAfterMs);
      logger.info({ jobId: job.id, attempts: job.attempts, delayMs: delay, lastError }, 'Notification will be retried');
      next = { ...job, status: 'pending', dueAtMs: now.getTime() + delay, updatedAt: now.toISOString() };
    }
    // Told before the job is stored as done, so a crash in between tells again (the report is keyed on the job).
    if (next.status === 'done' && next.steps.some((s) => s.status === 'failed') && this.options.failed)
      await this.options.failed(next).catch((err: unknown) => logger.error({ err, jobId: job.id }, 'Could not report a failed outbox job'));
    try {
      await outbox.replace(next, current.etag);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      logger.warn({ jobId: job.id }, 'Lost the lease on an outbox job before finishing it');
    }
  }

  private async deliverSafely(job: NotificationJob, step: NotificationStep): Promise<DeliveryOutcome> {
    try {
      return await this.options.deliver(job, step);
    } catch (err) {
      // Storage hiccups while preparing a message: worth another try.
      this.options.logger.warn({ err, jobId: job.id, step: step.kind }, 'Notification step threw');
      return { status: 'retry', error: err instanceof Error ? err.message : String(err) };
    }
  }
}

function withStep(job: NotificationJob, index: number, state: StepState): NotificationJob {
  return { ...job, steps: job.steps.map((s, i) => (i === index ? state : s)) };
}
