export interface PeriodicTaskOptions {
  /**
   * One round of the work. Resolving `true` says more is waiting (a full batch), so the next
   * round starts at once instead of after `everyMs`.
   */
  readonly round: () => Promise<boolean | void>;
  /** Pause between rounds; 0 or less leaves the task paused (callers then drive the work directly). */
  readonly everyMs: number;
  /** Delay before the first round. Default 0 (right away). */
  readonly firstDelayMs?: number;
  /** Logs a round that threw; the next round still runs. */
  readonly failed: (err: unknown) => void;
}

/**
 * Background work that runs in rounds: one round at a time, the next one `everyMs` after the
 * last finished (so a slow round never overlaps itself), `wake()` for "soon", and a `stop()` that
 * waits for the round in progress so storage can be closed after it. A pending timer never keeps
 * the process alive on its own.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: PeriodicTaskOptions) {}

  /** Started and not stopped: rounds are being scheduled. */
  get active(): boolean {
    return this.started && !this.stopped;
  }

  /** Starts the rounds; the first runs after `firstDelayMs`. No-op when paused, started or stopped. */
  start(): void {
    if (this.started || this.stopped || this.options.everyMs <= 0) return;
    this.started = true;
    this.schedule(this.options.firstDelayMs ?? 0);
  }

  /** Asks for a round soon: now, or right after the one in progress. No-op when not started. */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops scheduling rounds and waits for the one in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runRound().finally(() => {
        this.running = undefined;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.options.everyMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runRound(): Promise<void> {
    try {
      if ((await this.options.round()) === true) this.again = true;
    } catch (err) {
      this.options.failed(err);
    }
  }
}
