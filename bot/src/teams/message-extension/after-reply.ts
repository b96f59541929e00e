import type { Logger } from '../../logger';

/**
 * Work a turn starts but does not wait for, so the invoke is answered within Teams' five
 * seconds (e.g. the giver's confirmation in personal chat, which goes through the connector and
 * may be throttled). Failures are logged, never thrown; {@link drain} lets a shutdown or a test
 * wait for what is still running.
 */
export class AfterReply {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` without waiting for it. */
  run(what: string, work: () => Promise<void>): void {
    const task: Promise<void> = (async () => {
      // Yield first, so the turn that scheduled the work finishes (and answers) before it starts.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await work();
    })()
      .catch((err: unknown) => this.logger.warn({ err, what }, 'Work after the reply failed'))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when all work started so far (and any it started) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
