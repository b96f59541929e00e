import type { Container } from '@azure/cosmos';
import type { ConversationReferenceRepository, StoredReference } from '../../domain/conversations';
import { RecentMap } from '../../domain/recent-map';
import { statusOf, toId, withoutSystemFields } from './database';

const SAVE_ATTEMPTS = 5;

/**
 * How long a reference this instance found stored (or stored) unchanged is taken as still stored:
 * a person's messages within it read and write nothing. The price: a stale mark another instance
 * sets meanwhile is lifted by the first message after it, not by one within it.
 */
export const REFERENCE_RECHECK_MS = 60_000;

/** Conversation references in Cosmos, one document per user or channel, written with eTags. */
export class CosmosConversationRepository implements ConversationReferenceRepository {
  /** Per key, the reference (or none) as this instance last read or stored it. */
  private readonly recent: RecentMap<string, StoredReference | undefined>;

  /** `now`: a monotonic clock in ms for the recheck window (tests move it); `performance.now` unless given. */
  constructor(
    private readonly container: Container,
    options: { readonly now?: () => number } = {},
  ) {
    this.recent = new RecentMap({ max: 10_000, maxAgeMs: REFERENCE_RECHECK_MS, ...options });
  }

  async get(key: string): Promise<StoredReference | undefined> {
    return (await this.read(key))?.value;
  }

  /** A card's coach names and user ids: read once a minute per coach, not once per card and coach. */
  async recentGet(key: string): Promise<StoredReference | undefined> {
    const kept = this.recent.get(key);
    if (kept) return kept.value;
    return (await this.read(key))?.value;
  }

  /**
   * Stores or refreshes a reference with an eTag condition. A refresh is news that the person can
   * be reached again, so it wins over anything written meanwhile (a stale mark included): on a
   * conflict it reads again and retries.
   */
  async save(reference: StoredReference): Promise<void> {
    const id = toId(reference.key);
    const fingerprint = fingerprintOf(reference);
    const kept = this.recent.get(reference.key)?.value;
    if (kept && !kept.staleSince && fingerprintOf(kept) === fingerprint) return;
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const existing = await this.read(reference.key);
      if (existing && !existing.value.staleSince && fingerprintOf(existing.value) === fingerprint) return;
      try {
        if (existing) {
          await this.container
            .item(id, id)
            .replace({ id, ...reference }, { accessCondition: { type: 'IfMatch', condition: existing.etag } });
        } else {
          await this.container.items.create({ id, ...reference });
        }
        this.recent.set(reference.key, reference);
        return;
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 409) throw err;
      }
    }
    throw new Error(`Conversation reference ${reference.key} kept changing while it was saved`);
  }

  async claimOnce(key: string, now: Date, withinMs: number): Promise<boolean> {
    const id = toId(`once:${key}`);
    const claim = { id, claimedAtMs: now.getTime() };
    try {
      const { resource } = await this.container.item(id, id).read<{ claimedAtMs: number; _etag: string }>();
      if (resource) {
        if (now.getTime() - resource.claimedAtMs < withinMs) return false;
        await this.container.item(id, id).replace(claim, { accessCondition: { type: 'IfMatch', condition: resource._etag } });
        return true;
      }
      await this.container.items.create(claim);
      return true;
    } catch (err) {
      // Another instance or a concurrent delivery claimed it first.
      if (statusOf(err) === 409 || statusOf(err) === 412) return false;
      throw err;
    }
  }

  async findInTenant(tenantId: string): Promise<StoredReference | undefined> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query:
          'SELECT TOP 1 * FROM c WHERE c.reference.conversation.tenantId = @tenantId AND IS_DEFINED(c.serviceUrl) AND NOT IS_DEFINED(c.staleSince)',
        parameters: [{ name: '@tenantId', value: tenantId }],
      })
      .fetchAll();
    const [found] = resources;
    if (!found) return undefined;
    const { id: _id, ...rest } = withoutSystemFields<Record<string, unknown>>(found);
    void _id;
    return rest as unknown as StoredReference;
  }

  /**
   * Marks the reference that just failed as stale, only if it is still the stored one: when the
   * document changed since it was read (a fresh reference from a new message, or another mark),
   * the newer state stands and nothing is written.
   */
  async markStale(key: string, at: string): Promise<void> {
    try {
      const existing = await this.read(key);
      if (!existing || existing.value.staleSince) return;
      const id = toId(key);
      await this.container
        .item(id, id)
        .replace({ id, ...existing.value, staleSince: at }, { accessCondition: { type: 'IfMatch', condition: existing.etag } });
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) return;
      throw err;
    } finally {
      // Whatever it found or wrote, the next use reads again: the person's next message lifts the mark.
      this.recent.delete(key);
    }
  }

  private async read(key: string): Promise<{ value: StoredReference; etag: string } | undefined> {
    const id = toId(key);
    try {
      const { resource, etag } = await this.container.item(id, id).read<Record<string, unknown>>();
      if (!resource) {
        this.recent.set(key, undefined);
        return undefined;
      }
      const { id: _id, ...rest } = withoutSystemFields<Record<string, unknown>>(resource);
      void _id;
      const value = rest as unknown as StoredReference;
      this.recent.set(key, value);
      return { value, etag };
    } catch (err) {
      if (statusOf(err) === 404) {
        this.recent.set(key, undefined);
        return undefined;
      }
      throw err;
    }
  }
}

/** What makes two references the same: where they are sent and to whom. */
function fingerprintOf(reference: Pick<StoredReference, 'serviceUrl' | 'reference'>): string {
  return `${reference.serviceUrl}\n${JSON.stringify(reference.reference)}`;
}
