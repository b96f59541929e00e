import { appendWithRetry } from './admin/admin-service';
import { auditIdFor, type AuditEvent, type AuditLog } from './admin/audit';
import { mayViewRecords } from './admin/roles';
import type { HistoryEvent, HistoryKind, Idea, Person } from './idea';
import type { Clock, IdeaRepository } from './ports';
import { checkHistoryChain, type ChainCheck } from './record';
import type { Sluice } from './sluice';

/** The history events that are decisions on the idea: who moved it, sent it on, stopped or withdrew it. */
export const DECISION_KINDS = [
  'taken',
  'advanced',
  'declined',
  'reassigned',
  'reopened',
  'withdrawn',
] as const satisfies readonly HistoryKind[];

/** A coach's question and the giver's answers to it, in the order they came. */
export interface RecordQuestion {
  readonly event: HistoryEvent;
  readonly answers: readonly HistoryEvent[];
}

/** Everything an idea's record holds, for an utlämnande: the idea, its decisions, questions and answers, and the chain check. */
export interface IdeaRecord {
  readonly idea: Idea;
  readonly decisions: readonly HistoryEvent[];
  readonly questions: readonly RecordQuestion[];
  readonly chain: ChainCheck;
}

export type RecordReadResult =
  | { readonly ok: true; readonly record: IdeaRecord; readonly audit: AuditEvent }
  | { readonly ok: false; readonly error: 'forbidden' | 'notFound' };

/**
 * Reads an idea's record for the sluice's coaches, admins and registrators, and writes every
 * reading to the audit log ("record viewed": who, when, which idea) before it is handed over,
 * so no record is read without a trace.
 */
export class RecordReader {
  constructor(
    private readonly ideas: IdeaRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async read(sluice: Sluice, reader: Person, ideaId: string): Promise<RecordReadResult> {
    if (!mayViewRecords(sluice, reader)) return { ok: false, error: 'forbidden' };
    const found = await this.ideas.get(sluice.id, ideaId);
    if (!found) return { ok: false, error: 'notFound' };
    const idea = found.value;
    const now = this.clock.now();
    const audit: AuditEvent = {
      id: auditIdFor(sluice.id),
      sluiceId: sluice.id,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { id: reader.id, tenantId: reader.tenantId, name: reader.name },
      action: 'record.viewed',
      idea: { id: idea.id, number: idea.number, ...(idea.record ? { reference: idea.record.reference } : {}) },
    };
    await appendWithRetry(this.audit, audit);
    return { ok: true, record: recordOf(idea), audit };
  }
}

/** The record's parts of an idea: decisions, questions with their answers, and whether the history's chain is whole. */
export function recordOf(idea: Idea): IdeaRecord {
  const decisions = idea.history.filter((e) => (DECISION_KINDS as readonly string[]).includes(e.kind));
  const questions: { event: HistoryEvent; answers: HistoryEvent[] }[] = [];
  for (const event of idea.history) {
    if (event.kind === 'infoRequested') questions.push({ event, answers: [] });
    // An answer belongs to the question asked last before it.
    else if (event.kind === 'infoAnswered') questions.at(-1)?.answers.push(event);
  }
  return { idea, decisions, questions, chain: checkHistoryChain(idea.history) };
}
