import { createHash } from 'node:crypto';
import { auditIdFor, type AuditLog } from '../admin/audit';
import { pendingJob } from '../notifications';
import type { DeliveryOutcome, NotificationJob, NotificationStep, OutboxRepository } from '../outbox';
import type { Clock, SluiceRepository } from '../ports';
import type { ScoringService } from './scores';

/**
 * Changing the criteria changes every scored idea's weighted score. The settings write gives the
 * criteria a new version (`Sluice.criteriaVersion`) and queues one outbox job for it, so the
 * admin's request answers at once and the rescoring runs in the background, claimed by one
 * instance, retried with back-off. The job's id comes from the sluice and the version, so a repeat
 * (the request and the recovery sweep both queueing it) stores one job; a job whose version is no
 * longer the sluice's finds a newer change and leaves the work to that change's job. A job that
 * fails for good is written to the sluice's audit log, which the admins read in Administration.
 */

/** The app itself, as the actor of the audit entry of a rescoring that failed. */
export const RESCORE_ACTOR = { id: 'ideslussen', tenantId: '', name: 'Idéslussen' } as const;

/** The version criteria get when changed against the sluice version `etag`: one per change. */
export function criteriaVersionFor(etag: string): string {
  return createHash('sha256').update(`criteria\n${etag}`).digest('hex').slice(0, 16);
}

/** The outbox partition of a sluice's rescore jobs. */
export function rescoreJobPartition(sluiceId: string): string {
  return `rescore:${sluiceId}`;
}

/** The job id of one version's rescoring: the same for every instance that queues it. */
export function rescoreJobId(sluiceId: string, criteriaVersion: string): string {
  return `rescore-${createHash('sha256').update(`rescore\n${sluiceId}\n${criteriaVersion}`).digest('hex').slice(0, 32)}`;
}

/** The job that rescores the sluice's ideas under its criteria of `criteriaVersion`, due now. */
export function rescoreJob(sluiceId: string, criteriaVersion: string, now: Date): NotificationJob {
  const step: NotificationStep = { kind: 'rescore', criteriaVersion };
  const at = now.toISOString();
  return pendingJob(
    {
      id: rescoreJobId(sluiceId, criteriaVersion),
      ideaId: rescoreJobPartition(sluiceId),
      sluiceId,
      eventId: `criteria:${criteriaVersion}`,
      eventKind: 'rescore',
      eventAt: at,
    },
    [step],
    now,
  );
}

export interface RescoreJobsDeps {
  readonly scoring: Pick<ScoringService, 'rescore'>;
  readonly sluices: Pick<SluiceRepository, 'get' | 'list'>;
  readonly outbox: Pick<OutboxRepository, 'enqueue' | 'get'>;
  readonly audit: Pick<AuditLog, 'append'>;
  readonly clock: Clock;
  readonly logger: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  /** Called when a job was stored (wakes the outbox worker). */
  readonly queued?: () => void;
}

/** The rescore job's three sides: queueing it after a change, running it, and what a crash or a failure leaves. */
export class RescoreJobs {
  constructor(private readonly deps: RescoreJobsDeps) {}

  /**
   * Queues the rescoring of the sluice's ideas after its criteria changed to `criteriaVersion`.
   * Never throws: the settings are stored, and when the job could not be stored the recovery
   * sweep stores it (it finds the sluice's version without a job).
   */
  async queue(sluiceId: string, criteriaVersion: string): Promise<void> {
    try {
      if (await this.deps.outbox.enqueue(rescoreJob(sluiceId, criteriaVersion, this.deps.clock.now()))) this.deps.queued?.();
    } catch (err) {
      this.deps.logger.warn({ err, sluiceId }, 'Could not queue the rescoring after a criteria change; the recovery sweep queues it');
    }
  }

  /** Runs a job's `rescore` step: the ideas' scores follow the criteria, unless a newer change has its own job. */
  async run(job: NotificationJob, step: Extract<NotificationStep, { kind: 'rescore' }>): Promise<DeliveryOutcome> {
    const { logger } = this.deps;
    const found = await this.deps.sluices.get(job.sluiceId);
    if (!found) return { status: 'done' };
    const sluice = found.value;
    if (sluice.criteriaVersion !== step.criteriaVersion) {
      logger.info({ sluiceId: sluice.id, criteriaVersion: step.criteriaVersion }, 'Rescoring skipped: the criteria changed again since');
      return { status: 'done' };
    }
    try {
      const ideas = await this.deps.scoring.rescore(sluice);
      logger.info(
        { sluiceId: sluice.id, criteriaVersion: step.criteriaVersion, ideas },
        'Criteria changed: the scored ideas were rescored',
      );
      return { status: 'done' };
    } catch (err) {
      return { status: 'retry', error: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * The recovery sweep's part: every sluice whose criteria version has no job gets it (the request
   * that changed the criteria died before queueing it). Returns how many jobs it stored.
   */
  async recover(): Promise<number> {
    let stored = 0;
    for (const sluice of await this.deps.sluices.list()) {
      const version = sluice.criteriaVersion;
      if (!version) continue;
      if (await this.deps.outbox.get(rescoreJobPartition(sluice.id), rescoreJobId(sluice.id, version))) continue;
      if (await this.deps.outbox.enqueue(rescoreJob(sluice.id, version, this.deps.clock.now()))) stored++;
    }
    if (stored > 0) this.deps.queued?.();
    return stored;
  }

  /**
   * A rescore job that failed for good: written to the sluice's audit log (one entry per job,
   * however often it is told), where the admins see it, besides the log line.
   */
  async failed(job: NotificationJob): Promise<void> {
    if (job.eventKind !== 'rescore') return;
    const state = job.steps.find((s) => s.step.kind === 'rescore');
    if (!state || state.step.kind !== 'rescore') return;
    const error = state.lastError ?? 'unknown error';
    this.deps.logger.error(
      { sluiceId: job.sluiceId, jobId: job.id, criteriaVersion: state.step.criteriaVersion, error },
      'Rescoring after a criteria change failed for good: the ideas keep their earlier scores (written to the audit log)',
    );
    const now = this.deps.clock.now();
    await this.deps.audit.append({
      id: auditIdFor(job.sluiceId, `rescoreFailed:${job.id}`),
      sluiceId: job.sluiceId,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { ...RESCORE_ACTOR },
      action: 'scores.rescoreFailed',
      rescore: { criteriaVersion: state.step.criteriaVersion, error: error.slice(0, 500) },
    });
  }
}
