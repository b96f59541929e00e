import type { Sluice } from '../sluice';

/**
 * Departments with the other spellings people use for them, and finding one from what a person
 * typed: "socialförvaltn." finds "Socialförvaltningen", "SOC" finds it when it is an alias.
 */
export interface Department {
  readonly name: string;
  readonly aliases: readonly string[];
}

/** Lower case, no surrounding space or trailing dots, single spaces: what two spellings are compared on. */
export function normaliseDepartment(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/\.+$/, '').toLocaleLowerCase('sv');
}

/** Shortest typed prefix that may stand for a department ("soc" would match too much). */
const MIN_PREFIX = 4;

/**
 * The department a typed text stands for: an exact name or alias first, then the one department
 * whose name or alias starts with the text (an abbreviation). Undefined when nothing or more than
 * one department matches, so the caller can ask instead of guessing.
 */
export function findDepartment(departments: readonly Department[], typed: string): Department | undefined {
  const wanted = normaliseDepartment(typed);
  if (!wanted) return undefined;
  const spellings = (d: Department): string[] => [d.name, ...d.aliases].map(normaliseDepartment);
  const exact = departments.find((d) => spellings(d).includes(wanted));
  if (exact) return exact;
  if ([...wanted].length < MIN_PREFIX) return undefined;
  const prefixed = departments.filter((d) => spellings(d).some((s) => s.startsWith(wanted)));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** A sluice's departments with their aliases, in the sluice's order. */
export function departmentsOf(sluice: Pick<Sluice, 'departments' | 'departmentAliases'>): Department[] {
  return sluice.departments.map((name) => ({ name, aliases: [...(sluice.departmentAliases?.[name] ?? [])] }));
}
