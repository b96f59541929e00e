import type { DirectoryPort } from './directory';
import type { Sluice } from './sluice';

/**
 * The display name the directory gives a person of the sluice, looked up in the tenant the person
 * serves first (a coach's `tenantId`) and then in the sluice's other member tenants; undefined when
 * no directory knows them or it cannot answer now (never a guess, never an error to the caller).
 */
export async function directoryName(
  directory: DirectoryPort,
  sluice: Pick<Sluice, 'tenantIds' | 'coaches'>,
  personId: string,
): Promise<string | undefined> {
  const own = sluice.coaches.find((c) => c.id === personId)?.tenantId;
  const tenants = [...new Set([...(own ? [own] : []), ...sluice.tenantIds])];
  for (const tenantId of tenants) {
    try {
      const name = (await directory.profileOf(tenantId, personId))?.displayName?.trim();
      if (name) return name;
    } catch {
      // The adapter logged why; the directory simply does not know now.
      return undefined;
    }
  }
  return undefined;
}

/**
 * The sluice with every coach the directory knows named, or undefined when no name changes.
 * Names the sluice already has stay (a coach's own Teams name, an admin's spelling); only
 * unnamed coaches are looked up, so a round costs one directory read per unnamed coach.
 */
export async function withDirectoryNames(directory: DirectoryPort, sluice: Sluice): Promise<Sluice | undefined> {
  let changed = false;
  const coaches = [];
  for (const coach of sluice.coaches) {
    const name = coach.name?.trim() ? undefined : await directoryName(directory, sluice, coach.id);
    if (name) changed = true;
    coaches.push(name ? { ...coach, name } : coach);
  }
  return changed ? { ...sluice, coaches } : undefined;
}
