import type { Person } from '../idea';
import type { Sluice } from '../sluice';
import { isAdmin, isCoach, isMemberTenant, mayCoach, mayReadRecords } from '../sluice';

/**
 * The roles of a sluice. An admin (process owner) configures the sluice and may also act as a
 * coach; a coach takes ideas through the process; a registrator or archivist reads every idea's
 * record and the audit log and changes nothing; everyone else hands in and follows ideas.
 */
export const ROLES = ['admin', 'coach', 'registrator', 'everyone'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role a signed-in person has in a sluice. Only people signed in from one of the sluice's
 * member tenants can be admins or coaches: an id that happens to match in another tenant is
 * nobody here.
 */
export function roleOf(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): Role {
  if (!isMemberTenant(sluice, person.tenantId)) return 'everyone';
  if (isAdmin(sluice, person.id)) return 'admin';
  if (isCoach(sluice, person.id)) return 'coach';
  if ((sluice.registrators ?? []).includes(person.id)) return 'registrator';
  return 'everyone';
}

/** Whether the person may read and change the sluice's settings, audit log and imports. */
export function mayAdminister(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return roleOf(sluice, person) === 'admin';
}

/** Whether the person may read the audit log: an admin, or a registrator (read-only). */
export function mayReadAuditLog(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return mayReadRecords(sluice, person);
}

/**
 * Whether the person may open an idea's record (`getIdeaRecord`): the sluice's coaches and admins,
 * who work with the ideas, and its registrators, who hand records out.
 */
export function mayViewRecords(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return mayCoach(sluice, person) || mayReadRecords(sluice, person);
}
