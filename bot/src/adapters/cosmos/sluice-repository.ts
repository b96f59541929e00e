import type { Container } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError, RECENT_READ_MS, type SluiceRepository, type Versioned } from '../../domain/ports';
import { RecentMap } from '../../domain/recent-map';
import type { Sluice } from '../../domain/sluice';
import { statusOf, withoutSystemFields } from './database';

/** The id of a sluice's idea-number counter in the `counters` container (partitioned by sluice). */
export const IDEA_NUMBER_COUNTER_ID = 'idea-number';

/** The ids of a member municipality's coach round-robin counters: this prefix and the tenant id. */
export const COACH_TURN_COUNTER_PREFIX = 'coach-turn-';

/** The ids of a sluice's record serial counters, one per year: this prefix and the year (`record-2026`). */
export const RECORD_SERIAL_COUNTER_PREFIX = 'record-';

/** A sluice's counter document: the last idea number it issued (or the last coach turn taken). */
interface IdeaNumberCounter {
  id: string;
  sluiceId: string;
  lastIdeaNumber: number;
}

/**
 * Sluices in Cosmos, one document each, partitioned by id. Few and small: lists are cheap.
 * Idea numbers come from a separate counter document per sluice, incremented with Cosmos' atomic
 * patch `incr`, so submissions never rewrite (and never contend for) the sluice document.
 */
export class CosmosSluiceRepository implements SluiceRepository {
  /** `now`: a monotonic clock in ms for {@link recentByTenant}'s copies (tests move it); `performance.now` unless given. */
  constructor(
    private readonly container: Container,
    private readonly counters: Container,
    options: { readonly now?: () => number } = {},
  ) {
    this.recent = new RecentMap({ max: 1_000, maxAgeMs: RECENT_READ_MS, ...options });
    this.recentById = new RecentMap({ max: 1_000, maxAgeMs: RECENT_READ_MS, ...options });
  }

  /**
   * Which sluice a tenant was last found in. Every chat turn asks for the caller's sluice; a point
   * read of the remembered sluice (checked to still hold the tenant) replaces a cross-partition
   * query. The document read is always the current one, so nothing goes stale across instances.
   */
  private readonly sluiceIdOfTenant = new Map<string, string>();

  /** Each tenant's sluice (or none) as read lately, for {@link recentByTenant}; emptied by every write here. */
  private readonly recent: RecentMap<string, Versioned<Sluice> | undefined>;

  /** Each sluice as read here lately (by {@link get}), for {@link recentGet}; emptied by every write here. */
  private readonly recentById: RecentMap<string, Versioned<Sluice>>;

  async takeIdeaNumber(sluice: Sluice, count = 1): Promise<number> {
    // The sluice's first number since counters exist starts after what the sluice issued before.
    return this.increment(sluice.id, IDEA_NUMBER_COUNTER_ID, count, sluice.lastIdeaNumber);
  }

  async takeRecordSerial(sluice: Sluice, year: number, count = 1): Promise<number> {
    return this.increment(sluice.id, `${RECORD_SERIAL_COUNTER_PREFIX}${year}`, count, 0);
  }

  async takeCoachTurn(sluice: Sluice, tenantId: string): Promise<number> {
    return this.increment(sluice.id, `${COACH_TURN_COUNTER_PREFIX}${tenantId}`, 1, 0);
  }

  /**
   * Adds `count` to one of the sluice's counters with Cosmos' atomic patch `incr` and returns the
   * new value; a counter that does not exist yet is created at `start` first. Of several first
   * increments at once one create wins; the others patch the winner's counter.
   */
  private async increment(sluiceId: string, counterId: string, count: number, start: number): Promise<number> {
    const counter = this.counters.item(counterId, sluiceId);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const { resource } = await counter.patch<IdeaNumberCounter>([{ op: 'incr', path: '/lastIdeaNumber', value: count }]);
        const number = resource?.lastIdeaNumber;
        if (typeof number !== 'number' || !Number.isInteger(number)) throw new Error(`Cosmos returned no counter ${counterId} on patch`);
        return number;
      } catch (err) {
        if (statusOf(err) !== 404 || attempt > 0) throw err;
      }
      try {
        await this.counters.items.create<IdeaNumberCounter>({ id: counterId, sluiceId, lastIdeaNumber: start });
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
    }
    throw new Error(`unreachable: the counter ${counterId} was neither patched nor created`);
  }

  async get(id: string): Promise<Versioned<Sluice> | undefined> {
    let found: Versioned<Sluice> | undefined;
    try {
      const { resource } = await this.container.item(id, id).read<Record<string, unknown>>();
      found = resource ? versioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    if (found) this.recentById.set(id, found);
    else this.recentById.delete(id);
    return found;
  }

  async recentGet(id: string): Promise<Versioned<Sluice> | undefined> {
    return this.recentById.get(id)?.value ?? (await this.get(id));
  }

  async findByTenant(tenantId: string): Promise<Versioned<Sluice> | undefined> {
    const rememberedId = this.sluiceIdOfTenant.get(tenantId);
    if (rememberedId !== undefined) {
      const remembered = await this.get(rememberedId);
      if (remembered?.value.tenantIds.includes(tenantId)) return remembered;
      this.sluiceIdOfTenant.delete(tenantId);
    }
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: 'SELECT * FROM c WHERE ARRAY_CONTAINS(c.tenantIds, @tenantId)',
        parameters: [{ name: '@tenantId', value: tenantId }],
      })
      .fetchAll();
    const first = resources[0];
    if (!first) return undefined;
    const found = versioned(first);
    this.sluiceIdOfTenant.set(tenantId, found.value.id);
    return found;
  }

  async recentByTenant(tenantId: string): Promise<Versioned<Sluice> | undefined> {
    const known = this.recent.get(tenantId);
    if (known) return known.value;
    const found = await this.findByTenant(tenantId);
    this.recent.set(tenantId, found);
    return found;
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
    } finally {
      this.recent.clear();
      this.recentById.clear();
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
    } finally {
      this.recent.clear();
      this.recentById.clear();
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
