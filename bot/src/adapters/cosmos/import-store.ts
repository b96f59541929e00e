import type { Container } from '@azure/cosmos';
import type { ImportStore } from '../../domain/admin/import-service';
import type { Idea } from '../../domain/idea';
import { statusOf } from './database';
import { toDocument } from './idea-repository';

/** Imported ideas in the `ideas` container: an id check per batch, and plain creates. */
export class CosmosImportStore implements ImportStore {
  constructor(private readonly ideas: Container) {}

  async existingIds(sluiceId: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    if (ids.length === 0) return new Set();
    const { resources } = await this.ideas.items
      .query<{ id: string }>(
        {
          query: 'SELECT c.id FROM c WHERE c.sluiceId = @sluiceId AND ARRAY_CONTAINS(@ids, c.id)',
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ids', value: [...ids] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return new Set(resources.map((r) => r.id));
  }

  async create(idea: Idea): Promise<boolean> {
    try {
      // The same document as an idea handed in: searchable on the board.
      await this.ideas.items.create(toDocument(idea));
      return true;
    } catch (err) {
      // Stored by an earlier, interrupted run of the same import.
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }
}
