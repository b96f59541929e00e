import type { Container, SqlParameter } from '@azure/cosmos';
import type { Person } from '../../domain/idea';
import { participationId, type HelpOffer, type Support, type SupportRepository } from '../../domain/support';
import { statusOf, withoutSystemFields } from './database';

type SupportDocument = Support & { id: string; kind: 'support' };
type HelpDocument = HelpOffer & { kind: 'helpOffer' };

/**
 * Supports and offers of help in the `participation` container (partition `/sluiceId`), as
 * documents of kind `support` and `helpOffer`. The id is derived from the idea and the person
 * (`participationId`), so "one per person and idea" is the container's own uniqueness: of two
 * creates of the same id one gets 409. Every query names the partition and the kind in `WHERE`.
 */
export class CosmosSupportRepository implements SupportRepository {
  constructor(private readonly container: Container) {}

  async add(support: Support): Promise<boolean> {
    const doc: SupportDocument = { ...support, id: participationId('support', support.ideaId, support.person), kind: 'support' };
    try {
      await this.container.items.create(doc);
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }

  async remove(sluiceId: string, ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): Promise<boolean> {
    try {
      await this.container.item(participationId('support', ideaId, person), sluiceId).delete();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async has(sluiceId: string, ideaId: string, person: Pick<Person, 'id' | 'tenantId'>): Promise<boolean> {
    try {
      const { resource } = await this.container.item(participationId('support', ideaId, person), sluiceId).read();
      return resource !== undefined;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async supporters(sluiceId: string, ideaId: string): Promise<Support[]> {
    const docs = await this.ofIdea<SupportDocument>('support', sluiceId, ideaId);
    return docs.map(({ id: _id, kind: _kind, ...support }) => support);
  }

  async counts(sluiceId: string, ideaIds: readonly string[]): Promise<Map<string, number>> {
    const { resources } = await this.container.items
      .query<string>(
        {
          query: "SELECT VALUE c.ideaId FROM c WHERE c.sluiceId = @sluiceId AND c.kind = 'support' AND ARRAY_CONTAINS(@ids, c.ideaId)",
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ids', value: [...ideaIds] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    const counts = new Map<string, number>();
    for (const ideaId of resources) counts.set(ideaId, (counts.get(ideaId) ?? 0) + 1);
    return counts;
  }

  async addHelp(offer: HelpOffer): Promise<{ created: boolean; offer: HelpOffer }> {
    try {
      await this.container.items.create<HelpDocument>({ ...offer, kind: 'helpOffer' });
      return { created: true, offer };
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      const { resource } = await this.container.item(offer.id, offer.sluiceId).read<Record<string, unknown>>();
      if (!resource) throw err;
      return { created: false, offer: toOffer(resource) };
    }
  }

  async helpFor(sluiceId: string, ideaId: string): Promise<HelpOffer[]> {
    const docs = await this.ofIdea<Record<string, unknown>>('helpOffer', sluiceId, ideaId);
    return docs.map(toOffer);
  }

  private async ofIdea<T>(kind: string, sluiceId: string, ideaId: string): Promise<T[]> {
    const parameters: SqlParameter[] = [
      { name: '@sluiceId', value: sluiceId },
      { name: '@kind', value: kind },
      { name: '@ideaId', value: ideaId },
    ];
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        {
          query: 'SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.kind = @kind AND c.ideaId = @ideaId ORDER BY c.ideaId ASC, c.atMs ASC',
          parameters,
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources.map((r) => withoutSystemFields<T>(r));
  }
}

function toOffer(doc: Record<string, unknown>): HelpOffer {
  const { kind: _kind, ...offer } = withoutSystemFields<HelpDocument>(doc);
  return offer;
}
