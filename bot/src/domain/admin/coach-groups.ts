import type { DirectoryPort, GroupMember, GroupMembersPort } from '../directory';
import { withDirectoryNames } from '../directory-names';
import type { Person } from '../idea';
import type { Clock, SluiceRepository, Versioned } from '../ports';
import { ConflictError } from '../ports';
import type { Coach, Sluice } from '../sluice';
import { appendWithRetry } from './admin-service';
import { auditIdFor, type AuditEvent, type AuditLog } from './audit';

/** A coach as the audit log and the sync's answer name them. */
export interface SyncedCoach {
  readonly id: string;
  readonly name: string;
}

/** What one sync changed: coaches added from a group, removed (left their group, or the group was removed), named. */
export interface CoachSyncChange {
  readonly added: readonly SyncedCoach[];
  readonly removed: readonly SyncedCoach[];
  readonly named: readonly SyncedCoach[];
}

export type CoachSyncResult =
  | {
      readonly ok: true;
      readonly change: CoachSyncChange;
      /** Groups the directory could not read now: their coaches were kept as they were. */
      readonly unavailableGroups: readonly string[];
      readonly coaches: readonly Coach[];
    }
  | { readonly ok: false; readonly error: 'notFound' | 'noDirectory' };

/** Who the audit log names for a scheduled sync (an admin's "Synka nu" names the admin). */
export const DIRECTORY_SYNC_ACTOR = { id: 'directory-sync', name: 'Idéslussen (katalogsynk)' } as const;

const ATTEMPTS = 3;

/**
 * The sluice with its group coaches in step with the groups' members, or undefined when nothing
 * changes. Hand-picked coaches (no `fromGroup`) are never touched, also when they are members; a
 * person in two groups comes from the first. A group missing from `members` (the directory could
 * not read it) keeps its coaches as they are; a coach of a group no longer configured goes. A
 * removed coach who was the backup leaves the backup unset (the admin picks another).
 */
export function syncedCoaches(
  sluice: Sluice,
  members: ReadonlyMap<string, readonly GroupMember[]>,
): { sluice: Sluice; change: CoachSyncChange } | undefined {
  const groups = sluice.coachGroups ?? [];
  const added: SyncedCoach[] = [];
  const removed: SyncedCoach[] = [];
  const named: SyncedCoach[] = [];
  const kept: Coach[] = [];
  for (const coach of sluice.coaches) {
    if (!coach.fromGroup) {
      kept.push(coach);
      continue;
    }
    const group = groups.find((g) => g.groupId === coach.fromGroup);
    const of = group ? members.get(group.groupId) : [];
    if (of === undefined) {
      kept.push(coach);
      continue;
    }
    const member = of.find((m) => m.id === coach.id);
    if (!group || !member) {
      removed.push({ id: coach.id, name: coach.name ?? '' });
      continue;
    }
    const name = coach.name?.trim() ? coach.name : member.displayName.trim();
    if (name && name !== coach.name) named.push({ id: coach.id, name });
    const { tenantId: _tenant, ...rest } = coach;
    void _tenant;
    kept.push({ ...rest, ...(name ? { name } : {}), ...(group.forMunicipality ? { tenantId: group.tenantId } : {}) });
  }
  const present = new Set(kept.map((c) => c.id));
  for (const group of groups) {
    for (const member of members.get(group.groupId) ?? []) {
      if (present.has(member.id)) continue;
      present.add(member.id);
      const name = member.displayName.trim();
      kept.push({
        id: member.id,
        ...(name ? { name } : {}),
        ...(group.forMunicipality ? { tenantId: group.tenantId } : {}),
        fromGroup: group.groupId,
      });
      added.push({ id: member.id, name });
    }
  }
  const changed = added.length > 0 || removed.length > 0 || named.length > 0 || !sameCoaches(kept, sluice.coaches);
  if (!changed) return undefined;
  const { backupCoachId, ...rest } = sluice;
  const backupStays = backupCoachId !== undefined && present.has(backupCoachId);
  return { sluice: { ...rest, coaches: kept, ...(backupStays ? { backupCoachId } : {}) }, change: { added, removed, named } };
}

/** Whether two coach lists say the same, in the same order, whatever the order of each coach's fields. */
function sameCoaches(a: readonly Coach[], b: readonly Coach[]): boolean {
  const canon = (c: Coach): string =>
    JSON.stringify(
      Object.entries(c)
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return a.length === b.length && a.every((c, i) => canon(c) === canon(b[i]!));
}

export interface CoachGroupSyncDeps {
  readonly sluices: SluiceRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Names coaches the sluice knows by id only. */
  readonly directory: DirectoryPort;
  /** The groups' members; absent when no directory is configured (groups are then not synced). */
  readonly groups?: GroupMembersPort;
  readonly logger?: { warn(obj: object, msg: string): void };
}

/**
 * Keeps each sluice's coaches in step with its Entra groups ({@link Sluice.coachGroups}) and names
 * coaches known by id only, on a schedule ({@link round}) and when an admin asks ({@link sync}).
 * Each change is one conditional write of the sluice and one audit entry keyed on the version it
 * was made against, so several instances syncing at once change the sluice once and log it once.
 */
export class CoachGroupSync {
  constructor(private readonly deps: CoachGroupSyncDeps) {}

  /** Whether groups can be synced here (a directory is configured). */
  get enabled(): boolean {
    return this.deps.groups !== undefined;
  }

  /** Syncs one sluice now; `actor` is the admin who asked (the scheduled round names the sync itself). */
  async sync(sluiceId: string, actor?: Person): Promise<CoachSyncResult> {
    const groups = this.deps.groups;
    if (!groups) return { ok: false, error: 'noDirectory' };
    for (let attempt = 1; ; attempt++) {
      const found = await this.deps.sluices.get(sluiceId);
      if (!found) return { ok: false, error: 'notFound' };
      const { members, unavailable } = await this.readGroups(found.value, groups);
      const step = await this.nextState(found.value, members);
      if (!step)
        return { ok: true, change: { added: [], removed: [], named: [] }, unavailableGroups: unavailable, coaches: found.value.coaches };
      let saved: Versioned<Sluice>;
      try {
        saved = await this.deps.sluices.replace(step.sluice, found.etag);
      } catch (err) {
        // Another instance or an admin changed the sluice meanwhile: sync against what is there now.
        if (err instanceof ConflictError && attempt < ATTEMPTS) continue;
        throw err;
      }
      await appendWithRetry(this.deps.audit, this.auditEvent(found, step.change, actor));
      return { ok: true, change: step.change, unavailableGroups: unavailable, coaches: saved.value.coaches };
    }
  }

  /** One scheduled round: every sluice with groups or unnamed coaches. A sluice that fails is logged; the others still sync. */
  async round(): Promise<void> {
    if (!this.deps.groups) return;
    for (const sluice of await this.deps.sluices.list()) {
      const wanted = (sluice.coachGroups ?? []).length > 0 || sluice.coaches.some((c) => !c.name?.trim());
      if (!wanted) continue;
      try {
        await this.sync(sluice.id);
      } catch (err) {
        this.deps.logger?.warn({ err, sluiceId: sluice.id }, 'Could not sync the coaches of a sluice with the directory');
      }
    }
  }

  private async readGroups(
    sluice: Sluice,
    groups: GroupMembersPort,
  ): Promise<{ members: Map<string, readonly GroupMember[]>; unavailable: string[] }> {
    const members = new Map<string, readonly GroupMember[]>();
    const unavailable: string[] = [];
    for (const group of sluice.coachGroups ?? []) {
      try {
        members.set(group.groupId, await groups.groupMembers(group.tenantId, group.groupId));
      } catch {
        // The adapter logged what Graph said; this group's coaches stay until it answers.
        unavailable.push(group.groupId);
      }
    }
    return { members, unavailable };
  }

  private async nextState(
    sluice: Sluice,
    members: ReadonlyMap<string, readonly GroupMember[]>,
  ): Promise<{ sluice: Sluice; change: CoachSyncChange } | undefined> {
    const synced = syncedCoaches(sluice, members);
    const base = synced?.sluice ?? sluice;
    const withNames = await withDirectoryNames(this.deps.directory, base);
    if (!withNames) return synced;
    const before = new Map(base.coaches.map((c) => [c.id, c.name]));
    const named = withNames.coaches.filter((c) => c.name && c.name !== before.get(c.id)).map((c) => ({ id: c.id, name: c.name ?? '' }));
    const change = synced?.change ?? { added: [], removed: [], named: [] };
    return { sluice: withNames, change: { ...change, named: [...change.named, ...named] } };
  }

  private auditEvent(found: Versioned<Sluice>, change: CoachSyncChange, actor: Person | undefined): AuditEvent {
    const now = this.deps.clock.now();
    return {
      id: auditIdFor(found.value.id, `coaches:${found.etag}`),
      sluiceId: found.value.id,
      at: now.toISOString(),
      atMs: now.getTime(),
      actor: actor
        ? { id: actor.id, tenantId: actor.tenantId, name: actor.name }
        : { ...DIRECTORY_SYNC_ACTOR, tenantId: found.value.tenantIds[0] ?? '' },
      action: 'coaches.synced',
      coaches: change,
    };
  }
}
