import type { Person } from '../idea';
import type { Sluice } from '../sluice';
import { isAdmin, isCoach, isMemberTenant } from '../sluice';

/**
 * The three roles of a sluice. An admin (process owner) configures the sluice and may also act
 * as a coach; a coach takes ideas through the process; everyone else hands in and follows ideas.
 */
export const ROLES = ['admin', 'coach', 'everyone'] as const;
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
  return 'everyone';
}

/** Whether the person may read and change the sluice's settings, audit log and imports. */
export function mayAdminister(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return roleOf(sluice, person) === 'admin';
}
