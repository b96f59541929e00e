import type { Container, SqlParameter } from '@azure/cosmos';
import type { Idea } from '../../domain/idea';
import type { DigestSource } from '../../domain/reminders/digest-work';
import { OPEN_STAGES } from '../../domain/reminders/digests';
import { withoutSystemFields } from './database';

/**
 * What the digests read, each with one query inside the sluice's partition on indexed fields
 * (`coach.id` and `stage`, `createdAtMs`, `stageChangedAt`): a coach's open ideas, the ideas handed
 * in during a week, and the ideas whose stage changed since a month began.
 */
export class CosmosDigestSource implements DigestSource {
  constructor(private readonly container: Container) {}

  openOfCoach(sluiceId: string, coachId: string): Promise<Idea[]> {
    return this.query('SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.coach.id = @coachId AND ARRAY_CONTAINS(@stages, c.stage)', [
      { name: '@sluiceId', value: sluiceId },
      { name: '@coachId', value: coachId },
      { name: '@stages', value: [...OPEN_STAGES] },
    ]);
  }

  createdBetween(sluiceId: string, fromMs: number, toMs: number, limit: number): Promise<Idea[]> {
    const top = Math.max(1, Math.min(1000, Math.floor(limit)));
    return this.query(
      `SELECT TOP ${top} * FROM c WHERE c.sluiceId = @sluiceId AND c.createdAtMs >= @from AND c.createdAtMs < @to ORDER BY c.createdAtMs ASC`,
      [
        { name: '@sluiceId', value: sluiceId },
        { name: '@from', value: fromMs },
        { name: '@to', value: toMs },
      ],
    );
  }

  stageChangedSince(sluiceId: string, fromIso: string): Promise<Idea[]> {
    return this.query('SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.stageChangedAt >= @from', [
      { name: '@sluiceId', value: sluiceId },
      { name: '@from', value: fromIso },
    ]);
  }

  private async query(query: string, parameters: SqlParameter[]): Promise<Idea[]> {
    const { resources } = await this.container.items.query<Record<string, unknown>>({ query, parameters }).fetchAll();
    return resources.map((doc) => {
      const { searchText: _search, ...idea } = withoutSystemFields<Idea & { searchText?: string }>(doc);
      return idea;
    });
  }
}
