import type { Container } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError, type SluiceRepository, type Versioned } from '../../domain/ports';
import type { Sluice } from '../../domain/sluice';
import { statusOf, withoutSystemFields } from './database';

/** The id of a sluice's idea-number counter in the `counters` container (partitioned by sluice). */
export const IDEA_NUMBER_COUNTER_ID = 'idea-number';

/** A sluice's counter document: the last idea number it issued. */
interface IdeaNumberCounter {
  id: typeof IDEA_NUMBER_COUNTER_ID;
  sluiceId: string;
  lastIdeaNumber: number;
}

/**
 * Sluices in Cosmos, one document each, partitioned by id. Few and small: lists are cheap.
 * Idea numbers come from a separate counter document per sluice, incremented with Cosmos' atomic
 * patch `incr`, so submissions never rewrite (and never contend for) the sluice document.
 */
export class CosmosSluiceRepository implements SluiceRepository {
  constructor(
    private readonly container: Container,
    private readonly counters: Container,
  ) {}

  async takeIdeaNumber(sluice: Sluice, count = 1): Promise<number> {
    const counter = this.counters.item(IDEA_NUMBER_COUNTER_ID, sluice.id);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const { resource } = await counter.patch<IdeaNumberCounter>([{ op: 'incr', path: '/lastIdeaNumber', value: count }]);
        const number = resource?.lastIdeaNumber;
        if (typeof number !== 'number' || !Number.isInteger(number)) throw new Error('Cosmos returned no idea number counter on patch');
        return number;
      } catch (err) {
        if (statusOf(err) !== 404 || attempt > 0) throw err;
      }
      // The sluice's first number since counters exist: start after what the sluice issued before.
      // Of several first submissions at once one create wins; the others patch the winner's counter.
      try {
        await this.counters.items.create<IdeaNumberCounter>({
          id: IDEA_NUMBER_COUNTER_ID,
          sluiceId: sluice.id,
          lastIdeaNumber: sluice.lastIdeaNumber,
        });
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
    }
    throw new Error('unreachable: the idea number counter was neither patched nor created');
  }

  async get(id: string): Promise<Versioned<Sluice> | undefined> {
    try {
      const { resource } = await this.container.item(id, id).read<Record<string, unknown>>();
      return resource ? versioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async findByTenant(tenantId: string): Promise<Versioned<Sluice> | undefined> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: 'SELECT * FROM c WHERE ARRAY_CONTAINS(c.tenantIds, @tenantId)',
        parameters: [{ name: '@tenantId', value: tenantId }],
      })
      .fetchAll();
    const first = resources[0];
    return first ? versioned(first) : undefined;
  }

  async list(): Promise<Sluice[]> {
    const { resources } = await this.container.items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll();
    return resources.map((r) => withoutSystemFields<Sluice>(r));
  }

  async create(sluice: Sluice): Promise<Versioned<Sluice>> {
    try {
      const { resource } = await this.container.items.create<Sluice>(sluice);
      if (!resource) throw new Error('Cosmos returned no document on create');
      return versioned(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(`Sluice ${sluice.id} already exists`);
      throw err;
    }
  }

  async replace(sluice: Sluice, etag: string): Promise<Versioned<Sluice>> {
    try {
      const { resource } = await this.container
        .item(sluice.id, sluice.id)
        .replace<Sluice>(sluice, { accessCondition: { type: 'IfMatch', condition: etag } });
      if (!resource) throw new Error('Cosmos returned no document on replace');
      return versioned(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 412) throw new ConflictError(`Sluice ${sluice.id} was changed by someone else`);
      throw err;
    }
  }
}

/**
 * A stored sluice as the domain sees it. Fields of older versions are left out, so the next write
 * drops them: `reminderDays` (one reminder limit for every stage, now per stage in `reminders`).
 */
function versioned(doc: Record<string, unknown>): Versioned<Sluice> {
  const { reminderDays, ...sluice } = withoutSystemFields<Sluice & { reminderDays?: unknown }>(doc);
  void reminderDays;
  return { value: sluice, etag: String(doc['_etag']) };
}
