import type { Container } from '@azure/cosmos';
import type { Idea } from '../../domain/idea';
import type { Versioned } from '../../domain/ports';
import type { DueIdeas } from '../../domain/reminders/scheduler';
import { withoutSystemFields } from './database';

/**
 * Ideas whose next reminder is due, with one cross-partition query on the range-indexed
 * `reminderDueAtMs` (ideas with nothing due do not have the field, so they are not read at all).
 */
export class CosmosDueIdeas implements DueIdeas {
  constructor(private readonly container: Container) {}

  async due(nowMs: number, limit: number): Promise<Versioned<Idea>[]> {
    const top = Math.max(1, Math.min(1000, Math.floor(limit)));
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: `SELECT TOP ${top} * FROM c WHERE c.reminderDueAtMs <= @now ORDER BY c.reminderDueAtMs ASC`,
        parameters: [{ name: '@now', value: nowMs }],
      })
      .fetchAll();
    return resources.map((doc) => {
      const { searchText: _search, ...idea } = withoutSystemFields<Idea & { searchText?: string }>(doc);
      return { value: idea, etag: String(doc['_etag']) };
    });
  }
}
