import type { Logger } from '../logger';

/** What one refused request is logged with: why, and the id the caller was given. */
export interface Rejection {
  readonly reason: string;
  readonly correlationId: string;
  readonly status: number;
  readonly [key: string]: unknown;
}

export interface RejectionLogOptions {
  /** Warnings written per window before the rest are only counted. */
  readonly perWindow?: number;
  readonly windowMs?: number;
  /** Milliseconds now; tests pass their own. */
  readonly now?: () => number;
}

/**
 * Writes one structured warning per refused request (bad token, wrong channel), and no more than
 * `perWindow` of them per window, so a flood of forged tokens cannot flood the log. What was held
 * back is counted and reported as `suppressed` on the next warning that is written.
 */
export class RejectionLog {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    options: RejectionLogOptions = {},
  ) {
    this.perWindow = options.perWindow ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Logs the rejection, unless this window's share is used up. */
  refuse(message: string, rejection: Rejection): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.written = 0;
    }
    if (this.written >= this.perWindow) {
      this.suppressed += 1;
      return;
    }
    this.written += 1;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    this.logger.warn({ ...rejection, ...(suppressed > 0 ? { suppressed } : {}) }, message);
  }
}
