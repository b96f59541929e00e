import { createHash, randomUUID } from 'node:crypto';
import { appendWithRetry } from '../admin/admin-service';
import { auditIdFor, type AuditEvent, type AuditLog } from '../admin/audit';
import type { Idea } from '../idea';
import { ConflictError, type IdeaRepository, type Page, type SluiceRepository, type Versioned } from '../ports';
import { checkHistoryChain } from '../record';
import type { ScheduledWork, SchedulerLogger } from '../reminders/scheduler';
import type { Sluice } from '../sluice';
import { stockholmDate } from '../working-days';
import { dueBefore, DRAFT_RETENTION_DAYS, yearsBefore, type RetentionAction, type RuleKey } from './rules';
import { mostOf, sumOf, type IdeaParticipationStore, type ParticipationCounts } from './participation';
import { GALLRING_ACTOR, REMOVED_PERSON, withoutPersonalData } from './strip-personal-data';

/**
 * The gallring job: once a day per sluice and rule, what the sluice's retention rules say is due is
 * removed (the idea, or the personal data in it) and a gallring record says so — which rule and
 * gallringsbeslut, when, which ideas (number and record reference) and how many. What people added
 * around an idea (comments, notes, supports, offers of help, scores) goes with it: removed with the
 * idea, or stripped of the people in it with the idea's personal data, and counted in the record. Drafts never
 * handed in go after {@link DRAFT_RETENTION_DAYS} days; the audit log's entries by its own rule.
 *
 * Exactly once with several instances: each batch of a day is claimed by creating its record with
 * an id derived from the sluice, the rule, the day and the batch's number, and the ideas it covers
 * are written into the claim. Only the instance whose create succeeded does the work, then marks the
 * record done. An instance that dies half-way leaves a claim that another takes over (a conditional
 * write on the claim) after {@link CLAIM_LEASE_MS}; every step is idempotent (a removed idea stays
 * removed, stripped data stays stripped), so taking over repeats nothing.
 */

/** What a gallring record covers: one batch of one rule on one day. */
export interface GallringRecord {
  readonly id: string;
  /** The sluice, or {@link DRAFTS_SCOPE} for the deployment's drafts (a draft belongs to no sluice yet). */
  readonly sluiceId: string;
  /** The kind in the `participation` container. */
  readonly kind: 'gallring';
  readonly rule: RuleKey;
  /** What was done: an idea rule's action, or removing drafts or audit entries. */
  readonly action: Exclude<RetentionAction, 'keep'> | 'deleteDrafts' | 'deleteAuditEntries';
  /** The gallringsbeslut (reference text) the rule names. */
  readonly decision: string;
  /** Years after the end state (idea rules, audit), or days (drafts). */
  readonly after: { readonly years: number } | { readonly days: number };
  /** The day of the round (`YYYY-MM-DD`, Stockholm) and the batch within it (1, 2, …). */
  readonly round: string;
  readonly batch: number;
  /** Everything older than this was due. */
  readonly dueBefore: string;
  readonly claimedAt: string;
  readonly claimedBy: string;
  readonly state: 'claimed' | 'done';
  readonly completedAt?: string;
  /** Milliseconds of {@link claimedAt}: the sort key. */
  readonly atMs: number;
  /** The ideas the rule applied to, as they were named in the record. */
  readonly ideas: readonly GallringIdea[];
  /** How many items were removed or stripped (ideas, drafts or audit entries). */
  readonly count: number;
  /** Idea rules: the participation documents removed or stripped with the ideas, per kind, over all of them. */
  readonly participation?: ParticipationCounts;
}

export interface GallringIdea {
  readonly id: string;
  readonly number: number;
  readonly reference?: string;
  readonly title?: string;
  /** Whether the history's chain was whole before the personal data was removed and the history sealed afresh. */
  readonly chainWholeBefore?: boolean;
  /**
   * Its comments, notes, supports, offers of help and score sheets removed or stripped with it, per
   * kind: counted when the batch was claimed, and more if more were found when it was done.
   */
  readonly participation?: ParticipationCounts;
}

/** The scope of the records about drafts: working material of the whole deployment. */
export const DRAFTS_SCOPE = '_drafts';

/** How long a claim holds before another instance may take the batch over. */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** Items one batch covers at most; a full batch is followed by the next one in the same round. */
export const GALLRING_BATCH = 200;

/** Where gallring records are kept (they are themselves kept: nothing removes them). */
export interface GallringStore {
  get(sluiceId: string, id: string): Promise<Versioned<GallringRecord> | undefined>;
  /** Creates the record; undefined when a record with its id is already there (another instance claimed it). */
  claim(record: GallringRecord): Promise<Versioned<GallringRecord> | undefined>;
  /** Conditional replace; throws {@link ConflictError} when `etag` is stale. */
  replace(record: GallringRecord, etag: string): Promise<Versioned<GallringRecord>>;
  /** Newest first, over the scopes given (a sluice and {@link DRAFTS_SCOPE}). */
  list(scopes: readonly string[], request: { readonly pageSize: number; readonly continuation?: string }): Promise<Page<GallringRecord>>;
}

/** What the job reads and removes, each with one query or point operation. */
export interface RetentionSource {
  /** Ideas of the sluice in `stage` since before `beforeIso` (`stageChangedAt`), oldest first, at most `limit`. */
  endedBefore(sluiceId: string, stage: string, beforeIso: string, limit: number): Promise<Idea[]>;
  /** Removes the idea; false when it was already gone. */
  deleteIdea(sluiceId: string, ideaId: string): Promise<boolean>;
  /** Ids of audit entries older than `beforeMs`, oldest first, at most `limit`. */
  auditBefore(sluiceId: string, beforeMs: number, limit: number): Promise<string[]>;
  /** Removes an audit entry; only the gallring job calls it (the audit log itself has no way to). */
  deleteAudit(sluiceId: string, auditId: string): Promise<boolean>;
  /** Givers' states whose draft was last touched before `beforeIso`, at most `limit`. */
  staleDrafts(beforeIso: string, limit: number): Promise<string[]>;
  /** Removes the draft of that state if it is still the stale one; false when the giver touched it meanwhile or it is gone. */
  removeDraft(stateId: string, beforeIso: string): Promise<boolean>;
}

export interface GallringWorkOptions {
  readonly sluices: SluiceRepository;
  readonly ideas: IdeaRepository;
  readonly records: GallringStore;
  readonly source: RetentionSource;
  /** What people added around the ideas, removed or stripped with them. */
  readonly participation: IdeaParticipationStore;
  readonly audit: AuditLog;
  readonly logger: SchedulerLogger;
  /** Told which ideas of a sluice were removed or changed past the idea service (kept counts, similar ideas). */
  readonly changed?: (sluiceId: string, removed: readonly string[], stripped: readonly Idea[]) => Promise<void>;
  /** This instance, on its claims. */
  readonly instanceId?: string;
}

/** One batch to do: what the rule is and how its items are found and handled. */
interface Batch {
  readonly sluiceId: string;
  readonly rule: RuleKey;
  readonly action: GallringRecord['action'];
  readonly decision: string;
  readonly after: GallringRecord['after'];
  readonly dueBefore: Date;
}

/** The gallring job, as one of the reminder scheduler's rounds of work. */
export class GallringWork implements ScheduledWork {
  private readonly instanceId: string;

  constructor(private readonly options: GallringWorkOptions) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** Applies every rule that has something due at `now`; returns how many items this instance removed or stripped. */
  async run(now: Date): Promise<number> {
    let done = 0;
    for (const sluice of await this.options.sluices.list()) {
      try {
        done += await this.runFor(sluice, now);
      } catch (err) {
        this.options.logger.warn({ err, sluiceId: sluice.id }, 'Gallring of a sluice failed; the next round tries again');
      }
    }
    try {
      done += await this.runBatches(
        {
          sluiceId: DRAFTS_SCOPE,
          rule: 'drafts',
          action: 'deleteDrafts',
          decision: `Arbetsmaterial: utkast som aldrig lämnats in gallras ${DRAFT_RETENTION_DAYS} dagar efter att de senast ändrades.`,
          after: { days: DRAFT_RETENTION_DAYS },
          dueBefore: new Date(now.getTime() - DRAFT_RETENTION_DAYS * 86_400_000),
        },
        now,
      );
    } catch (err) {
      this.options.logger.warn({ err }, 'Gallring of drafts failed; the next round tries again');
    }
    return done;
  }

  private async runFor(sluice: Sluice, now: Date): Promise<number> {
    let done = 0;
    for (const rule of sluice.retention?.rules ?? []) {
      const before = dueBefore(rule, now);
      if (!before || rule.action === 'keep' || rule.years === undefined) continue;
      done += await this.runBatches(
        {
          sluiceId: sluice.id,
          rule: rule.stage,
          action: rule.action,
          decision: rule.decision,
          after: { years: rule.years },
          dueBefore: before,
        },
        now,
      );
    }
    const audit = sluice.retention?.audit;
    if (audit?.years !== undefined)
      done += await this.runBatches(
        {
          sluiceId: sluice.id,
          rule: 'audit',
          action: 'deleteAuditEntries',
          decision: audit.decision,
          after: { years: audit.years },
          dueBefore: yearsBefore(now, audit.years),
        },
        now,
      );
    return done;
  }

  /** Batch after batch of the day's round while each comes back full. */
  private async runBatches(batch: Batch, now: Date): Promise<number> {
    let done = 0;
    for (let n = 1; n <= 50; n++) {
      const outcome = await this.runBatch(batch, n, now);
      if (outcome === 'stop') break;
      if (outcome === 'next') continue;
      done += outcome.count;
      if (outcome.count < GALLRING_BATCH) break;
    }
    return done;
  }

  /**
   * One batch. `stop`: nothing is due, or another instance is on this batch (the next batch would
   * find the same items); `next`: this batch was done full earlier today; else what this instance did.
   */
  private async runBatch(batch: Batch, n: number, now: Date): Promise<'stop' | 'next' | { count: number }> {
    const { records } = this.options;
    const round = stockholmDate(now);
    const id = gallringRecordId(batch.sluiceId, batch.rule, round, n);
    let claim: Versioned<GallringRecord>;
    const existing = await records.get(batch.sluiceId, id);
    if (existing) {
      if (existing.value.state === 'done') return existing.value.count >= GALLRING_BATCH ? 'next' : 'stop';
      if (now.getTime() - Date.parse(existing.value.claimedAt) < CLAIM_LEASE_MS) return 'stop';
      // The instance that claimed it is gone: take it over, with the ideas it named.
      try {
        claim = await records.replace({ ...existing.value, claimedBy: this.instanceId, claimedAt: now.toISOString() }, existing.etag);
      } catch (err) {
        if (err instanceof ConflictError) return 'stop';
        throw err;
      }
    } else {
      const found = await this.candidates(batch);
      if (found.empty) return 'stop';
      const fresh: GallringRecord = {
        id,
        sluiceId: batch.sluiceId,
        kind: 'gallring',
        rule: batch.rule,
        action: batch.action,
        decision: batch.decision,
        after: batch.after,
        round,
        batch: n,
        dueBefore: batch.dueBefore.toISOString(),
        claimedAt: now.toISOString(),
        claimedBy: this.instanceId,
        state: 'claimed',
        atMs: now.getTime(),
        ideas: found.ideas,
        count: 0,
      };
      const claimed = await records.claim(fresh);
      // Another instance created it first: it does the work.
      if (!claimed) return 'stop';
      claim = claimed;
    }
    const { count, ideas } = await this.apply(batch, claim.value, now);
    const participation = sumOf(ideas.map((i) => i.participation));
    const completed: GallringRecord = {
      ...claim.value,
      ideas,
      state: 'done',
      completedAt: now.toISOString(),
      count,
      ...(Object.keys(participation).length > 0 ? { participation } : {}),
    };
    try {
      await records.replace(completed, claim.etag);
    } catch (err) {
      // Taken over meanwhile (this instance was too slow): the other one records it.
      if (err instanceof ConflictError) return { count };
      throw err;
    }
    await this.auditOf(completed, now);
    this.options.logger.info({ sluiceId: batch.sluiceId, rule: batch.rule, round, batch: n, count }, 'Gallring done');
    return { count };
  }

  /** What a batch is about, found at the claim: the ideas it names, or (drafts, audit entries) only whether any is due. */
  private async candidates(batch: Batch): Promise<{ ideas: GallringIdea[]; empty: boolean }> {
    const before = batch.dueBefore;
    if (batch.rule === 'drafts') return { ideas: [], empty: (await this.options.source.staleDrafts(before.toISOString(), 1)).length === 0 };
    if (batch.rule === 'audit')
      return { ideas: [], empty: (await this.options.source.auditBefore(batch.sluiceId, before.getTime(), 1)).length === 0 };
    let due = await this.options.source.endedBefore(batch.sluiceId, batch.rule, before.toISOString(), GALLRING_BATCH);
    // Ideas already stripped stay in their stage: they are not due again.
    if (batch.action === 'removePersonalData') due = due.filter((i) => !i.history.some((e) => e.kind === 'personalDataRemoved'));
    // Counted into the claim, so an instance that takes the batch over still records what the first one removed.
    const counts =
      due.length > 0
        ? await this.options.participation.countFor(
            batch.sluiceId,
            due.map((i) => i.id),
          )
        : new Map();
    return {
      ideas: due.map((i) => {
        const participation: ParticipationCounts | undefined = counts.get(i.id);
        return {
          id: i.id,
          number: i.number,
          ...(i.record ? { reference: i.record.reference } : {}),
          title: i.title,
          ...(participation ? { participation } : {}),
        };
      }),
      empty: due.length === 0,
    };
  }

  /** Does the batch's work; every step may be repeated by an instance that takes the batch over. */
  private async apply(batch: Batch, record: GallringRecord, now: Date): Promise<{ count: number; ideas: readonly GallringIdea[] }> {
    const { source } = this.options;
    const before = batch.dueBefore.toISOString();
    if (batch.rule === 'drafts') {
      let count = record.count;
      for (const stateId of await source.staleDrafts(before, GALLRING_BATCH)) if (await source.removeDraft(stateId, before)) count++;
      return { count, ideas: [] };
    }
    if (batch.rule === 'audit') {
      let count = record.count;
      for (const auditId of await source.auditBefore(batch.sluiceId, batch.dueBefore.getTime(), GALLRING_BATCH))
        if (await source.deleteAudit(batch.sluiceId, auditId)) count++;
      return { count, ideas: [] };
    }
    const removed: string[] = [];
    const stripped: Idea[] = [];
    const named: GallringIdea[] = [];
    const { participation } = this.options;
    for (const entry of record.ideas) {
      // What was added around the idea first, the idea last: an idea still there (or not yet
      // stripped) is the mark that the batch is not finished, and every step can be repeated.
      if (batch.action === 'delete') {
        const gone = await participation.removeFor(batch.sluiceId, entry.id);
        await source.deleteIdea(batch.sluiceId, entry.id);
        removed.push(entry.id);
        named.push(withParticipation(entry, gone));
        continue;
      }
      const changed = await participation.stripFor(batch.sluiceId, entry.id, { ...REMOVED_PERSON });
      const outcome = await this.strip(batch, entry, record, now);
      named.push(withParticipation(outcome.entry, changed));
      if (outcome.idea) stripped.push(outcome.idea);
    }
    await this.options.changed?.(batch.sluiceId, removed, stripped);
    return { count: named.length, ideas: named };
  }

  private async strip(batch: Batch, entry: GallringIdea, record: GallringRecord, now: Date): Promise<{ entry: GallringIdea; idea?: Idea }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.options.ideas.get(batch.sluiceId, entry.id);
      if (!found) return { entry };
      const chainWholeBefore = checkHistoryChain(found.value.history).whole;
      const next = withoutPersonalData(found.value, now, batch.decision, `gallring-${record.id}`);
      if (!next) return { entry };
      try {
        const saved = await this.options.ideas.replace(next, found.etag);
        return { entry: { ...entry, chainWholeBefore }, idea: saved.value };
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    throw new Error(`Idea ${entry.id} kept changing; its personal data is removed in the next round`);
  }

  private async auditOf(record: GallringRecord, now: Date): Promise<void> {
    if (record.sluiceId === DRAFTS_SCOPE) return;
    const event: AuditEvent = {
      id: auditIdFor(record.sluiceId, `gallring:${record.id}`),
      sluiceId: record.sluiceId,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { id: GALLRING_ACTOR.id, tenantId: '', name: GALLRING_ACTOR.name },
      action: 'gallring.applied',
      gallring: { recordId: record.id, rule: record.rule, action: record.action, count: record.count },
    };
    await appendWithRetry(this.options.audit, event);
  }
}

/** The idea's entry with its participation counted: what the claim counted, or more if this run found more. */
function withParticipation(entry: GallringIdea, found: ParticipationCounts): GallringIdea {
  const { participation: claimed, ...rest } = entry;
  const counts = mostOf(claimed, found);
  return Object.keys(counts).length > 0 ? { ...rest, participation: counts } : rest;
}

/** A batch's record id: the same in every instance for the same sluice, rule, day and batch. */
export function gallringRecordId(sluiceId: string, rule: RuleKey, round: string, batch: number): string {
  return `gallring-${createHash('sha256').update(`${sluiceId}\n${rule}\n${round}\n${batch}`).digest('hex').slice(0, 32)}`;
}
