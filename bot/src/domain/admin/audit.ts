import { createHash, randomUUID } from 'node:crypto';
import type { Page } from '../ports';
import type { CoachSyncChange } from './coach-groups';
import type { SluiceSettings } from './settings';

/** What an audit event records. New kinds are added here (exports, record views, gallring…). */
export const AUDIT_ACTIONS = [
  'sluice.updated',
  'ideas.imported',
  'link.requested',
  'link.accepted',
  'link.removed',
  'record.viewed',
  'coaches.synced',
  // A person's data handed out (to themselves, or to an admin or registrator with a reason) and a person anonymised.
  'personalData.exported',
  'personalData.exportedFor',
  'person.anonymised',
  'gallring.applied',
  // The ideas' scores could not be brought to changed criteria: the rescore job failed for good.
  'scores.rescoreFailed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One entry of a sluice's append-only audit log: who did what, when, and the values before and
 * after. Entries are written once and never changed or removed by the app.
 */
export interface AuditEvent {
  readonly id: string;
  readonly sluiceId: string;
  readonly at: string;
  /** Milliseconds since epoch: the sort key (Cosmos' `_ts` has whole seconds). */
  readonly atMs: number;
  readonly actor: { readonly id: string; readonly tenantId: string; readonly name: string };
  readonly action: AuditAction;
  /** The settings that changed (`sluice.updated`), in name order. */
  readonly changed?: readonly (keyof SluiceSettings)[];
  /** Only the changed settings, as they were and as they became. */
  readonly before?: Partial<SluiceSettings>;
  readonly after?: Partial<SluiceSettings>;
  /** An import's outcome (`ideas.imported`). */
  readonly import?: { readonly rows: number; readonly created: number; readonly existing: number; readonly fileHash: string };
  /** The other sluice of a link's step (`link.*`), and its state on this side after the step. */
  readonly link?: { readonly sluiceId: string; readonly sluiceName: string; readonly state: 'requested' | 'invited' | 'linked' | 'none' };
  /** The idea whose record was read (`record.viewed`): its id, number and record reference. */
  readonly idea?: { readonly id: string; readonly number: number; readonly reference?: string };
  /** What a sync with the directory's coach groups changed (`coaches.synced`). */
  readonly coaches?: CoachSyncChange;
  /**
   * `personalData.*` and `person.anonymised`: whom it was about, as a reference that names nobody
   * (`domain/personal-data.ts`, subjectRef), the reason given for an export, the legal basis of an
   * anonymisation, how many items were handed out or what was changed.
   */
  readonly personalData?: {
    readonly subject: string;
    readonly reason?: string;
    readonly basis?: string;
    readonly items?: number;
    readonly counts?: readonly { readonly kind: string; readonly count: number; readonly action: 'anonymised' | 'deleted' }[];
  };
  /** The gallring record a round of the gallring job wrote (`gallring.applied`), and what it did. */
  readonly gallring?: { readonly recordId: string; readonly rule: string; readonly action: string; readonly count: number };
  /** `scores.rescoreFailed`: the criteria's version whose rescoring failed for good, and why. */
  readonly rescore?: { readonly criteriaVersion: string; readonly error: string };
}

/**
 * The audit log of every sluice. Append-only by design: there is no way to change or delete an
 * entry through it.
 */
export interface AuditLog {
  /** Stores an entry; storing the same id again is a no-op (a retried write counts once). */
  append(event: AuditEvent): Promise<void>;
  /** Newest first, one page at a time. */
  list(sluiceId: string, request: { readonly pageSize: number; readonly continuation?: string }): Promise<Page<AuditEvent>>;
}

/**
 * An entry id. Given a `key` that is the same for repeats of one change (the eTag the change was
 * made against), a retry after a failed write yields the same id and so one entry.
 */
export function auditIdFor(sluiceId: string, key?: string): string {
  if (key === undefined) return randomUUID();
  return `a-${createHash('sha256').update(`${sluiceId}\n${key}`).digest('hex').slice(0, 32)}`;
}
