import type { Clock, SluiceRepository } from './ports';
import { AlreadyExistsError } from './ports';
import { createSluice } from './sluice';

/**
 * Seeds the default sluice of a single-municipality install on first start. Later changes go
 * through the app, so an existing sluice is never overwritten from the environment.
 */
export async function seedDefaultSluice(
  sluices: SluiceRepository,
  seed:
    | {
        tenantId: string;
        name: string;
        coachIds: readonly string[];
        adminIds?: readonly string[];
        registratorIds?: readonly string[];
        departments?: readonly string[];
      }
    | undefined,
  clock: Clock,
  logger: { info(obj: object | string, msg?: string): void; warn(obj: object | string, msg?: string): void },
): Promise<void> {
  if (!seed) {
    logger.info('No DEFAULT_TENANT_ID: no default sluice is seeded');
    return;
  }
  if (await sluices.findByTenant(seed.tenantId)) return;
  try {
    const sluice = createSluice({
      id: 'default',
      name: seed.name,
      tenantIds: [seed.tenantId],
      coachIds: [...seed.coachIds],
      // DEFAULT_ADMIN_IDS seeds the process owners once; without it the coaches administer the sluice.
      ...(seed.adminIds && seed.adminIds.length > 0 ? { adminIds: [...seed.adminIds] } : {}),
      now: clock.now(),
    });
    // DEFAULT_DEPARTMENTS: the one-click department answers from the first idea on.
    const departments = [...new Set((seed.departments ?? []).map((d) => d.trim()).filter((d) => d.length > 0))];
    // DEFAULT_REGISTRATOR_IDS: who reads records, gallring records and the audit log from the start.
    const registrators = [...new Set((seed.registratorIds ?? []).map((id) => id.trim().toLowerCase()).filter((id) => id.length > 0))];
    await sluices.create({
      ...sluice,
      ...(departments.length > 0 ? { departments } : {}),
      ...(registrators.length > 0 ? { registrators } : {}),
    });
    logger.info(
      { tenantId: seed.tenantId, coaches: seed.coachIds.length, admins: seed.adminIds?.length ?? 0, departments: departments.length },
      'Seeded the default sluice',
    );
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
    logger.warn('A sluice with id "default" exists but does not list DEFAULT_TENANT_ID; leaving it unchanged');
  }
}
