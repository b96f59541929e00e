import type { Container } from '@azure/cosmos';
import type { ConversationReferenceRepository, StoredReference } from '../../domain/conversations';
import { toId } from './bot-state-storage';
import { statusOf, withoutSystemFields } from './database';

/** Conversation references in Cosmos, one document per user or channel. */
export class CosmosConversationRepository implements ConversationReferenceRepository {
  constructor(private readonly container: Container) {}

  async get(key: string): Promise<StoredReference | undefined> {
    const id = toId(key);
    try {
      const { resource } = await this.container.item(id, id).read<Record<string, unknown>>();
      if (!resource) return undefined;
      const { id: _id, ...rest } = withoutSystemFields<Record<string, unknown>>(resource);
      void _id;
      return rest as unknown as StoredReference;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async save(reference: StoredReference): Promise<void> {
    const existing = await this.get(reference.key);
    if (
      existing &&
      !existing.staleSince &&
      existing.serviceUrl === reference.serviceUrl &&
      JSON.stringify(existing.reference) === JSON.stringify(reference.reference)
    ) {
      return;
    }
    await this.container.items.upsert({ id: toId(reference.key), ...reference });
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

  async markStale(key: string, at: string): Promise<void> {
    const existing = await this.get(key);
    if (!existing) return;
    await this.container.items.upsert({ id: toId(key), ...existing, staleSince: at });
  }
}
