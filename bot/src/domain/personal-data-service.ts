import { appendWithRetry } from './admin/admin-service';
import { auditIdFor, type AuditEvent, type AuditLog } from './admin/audit';
import { mayAdminister } from './admin/roles';
import type { Person } from './idea';
import { subjectRef, type AnonymisedCount, type DataSubject, type PersonalDataExport, type PersonalDataRegistry } from './personal-data';
import type { Clock } from './ports';
import { isAdmin, isCoach, isMemberTenant, mayReadRecords, type Sluice } from './sluice';

/** Someone a request is about: an Entra object id, in a tenant (the caller's when not given). */
export interface NamedPerson {
  readonly id: string;
  readonly tenantId?: string;
}

export type PersonDataResult =
  { readonly ok: true; readonly export: PersonalDataExport } | { readonly ok: false; readonly error: 'forbidden' | 'notMember' };

export type AnonymiseResult =
  | { readonly ok: true; readonly counts: readonly AnonymisedCount[]; readonly audit: AuditEvent }
  | { readonly ok: false; readonly error: 'forbidden' | 'notMember' | 'stillInRole' };

/**
 * A person's own data (GDPR art. 15) and erasure where the law allows (art. 17), over the
 * registry of personal-data sources. Who may ask is decided here from the caller's identity; every
 * export and anonymisation is written to the audit log, naming the person only by
 * {@link subjectRef}, so the log itself keeps nobody's data.
 */
export class PersonalDataService {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The registered kinds, for a summary without reading anything. */
  kinds(): ReturnType<PersonalDataRegistry['kinds']> {
    return this.registry.kinds();
  }

  /** Everything stored about the caller in their sluice (`exportMyData`); logged. */
  async exportOwn(sluice: Sluice, caller: Person): Promise<PersonalDataExport> {
    const now = this.clock.now();
    const result = await this.registry.export({ sluice, id: caller.id, tenantId: caller.tenantId }, now);
    await appendWithRetry(
      this.audit,
      this.entry(sluice, caller, now, 'personalData.exported', {
        subject: subjectRef(caller.tenantId, caller.id),
        items: result.items.length,
      }),
    );
    return result;
  }

  /**
   * What the bot's "mina uppgifter" card counts: the caller's data, read and logged as
   * `exportMyData` is (`personalData.exported`, naming the caller by {@link subjectRef}). The
   * entry's id is made from `requestKey` (the message's activity id), so a redelivered message
   * writes no second entry; the entry of this very reading is left out of what is counted, so the
   * redelivery is answered with the same counts.
   */
  async summaryOf(sluice: Sluice, caller: Person, requestKey: string): Promise<PersonalDataExport> {
    const now = this.clock.now();
    const key = `personalData.summary\n${caller.tenantId}\n${caller.id}\n${requestKey}`;
    const found = await this.registry.export({ sluice, id: caller.id, tenantId: caller.tenantId }, now);
    const entry = this.entry(sluice, caller, now, 'personalData.exported', { subject: subjectRef(caller.tenantId, caller.id) }, key);
    const result = withoutItem(found, 'auditEntry', entry.id);
    await appendWithRetry(this.audit, { ...entry, personalData: { ...entry.personalData!, items: result.items.length } });
    return result;
  }

  /**
   * Everything stored about a named person, for an admin or registrator answering a request
   * (`exportPersonData`); written to the audit log with the stated reason before it is handed out.
   */
  async exportFor(sluice: Sluice, caller: Person, person: NamedPerson, reason: string): Promise<PersonDataResult> {
    if (!mayReadRecords(sluice, caller)) return { ok: false, error: 'forbidden' };
    const subject = subjectOf(sluice, caller, person);
    if (!subject) return { ok: false, error: 'notMember' };
    const now = this.clock.now();
    const result = await this.registry.export(subject, now);
    await appendWithRetry(
      this.audit,
      this.entry(sluice, caller, now, 'personalData.exportedFor', {
        subject: subjectRef(subject.tenantId, subject.id),
        reason,
        items: result.items.length,
      }),
    );
    return { ok: true, export: result };
  }

  /**
   * Anonymises a person (`anonymisePerson`, admins only): every registered source replaces them
   * with "Tidigare medarbetare" or deletes their working material; the legal basis goes on the
   * audit entry and on each changed idea's history. Someone who is still a coach or admin of the
   * sluice is refused: take them off first, or their new work would name them again. A repeated
   * request changes nothing and writes no second entry (the entry's id is derived from the person
   * and the basis).
   */
  async anonymise(sluice: Sluice, caller: Person, person: NamedPerson, basis: string): Promise<AnonymiseResult> {
    if (!mayAdminister(sluice, caller)) return { ok: false, error: 'forbidden' };
    const subject = subjectOf(sluice, caller, person);
    if (!subject) return { ok: false, error: 'notMember' };
    if (isCoach(sluice, subject.id) || isAdmin(sluice, subject.id)) return { ok: false, error: 'stillInRole' };
    const now = this.clock.now();
    const counts = await this.registry.anonymise(subject, { at: now, basis, by: { id: caller.id, name: caller.name } });
    const ref = subjectRef(subject.tenantId, subject.id);
    // One entry per person and basis: a repeat (or a retry after a crash before the entry) writes the same id, so it counts once.
    const audit = this.entry(sluice, caller, now, 'person.anonymised', { subject: ref, basis, counts }, `anonymise\n${ref}\n${basis}`);
    await appendWithRetry(this.audit, audit);
    return { ok: true, counts, audit };
  }

  private entry(
    sluice: Sluice,
    caller: Person,
    now: Date,
    action: AuditEvent['action'],
    personalData: NonNullable<AuditEvent['personalData']>,
    key?: string,
  ): AuditEvent {
    return {
      id: auditIdFor(sluice.id, key),
      sluiceId: sluice.id,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: { id: caller.id, tenantId: caller.tenantId, name: caller.name },
      action,
      personalData,
    };
  }
}

/** The person a request names, in one of the sluice's member tenants (the caller's by default). */
function subjectOf(sluice: Sluice, caller: Person, person: NamedPerson): DataSubject | undefined {
  const tenantId = person.tenantId ?? caller.tenantId;
  if (!isMemberTenant(sluice, tenantId)) return undefined;
  return { sluice, id: person.id, tenantId };
}

/** The export without one item (and its kind's count one less). */
function withoutItem(found: PersonalDataExport, kind: string, id: string): PersonalDataExport {
  const items = found.items.filter((i) => !(i.kind === kind && i.id === id));
  if (items.length === found.items.length) return found;
  return { ...found, items, kinds: found.kinds.map((k) => (k.kind === kind ? { ...k, count: k.count - 1 } : k)) };
}
