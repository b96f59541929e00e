import type { Container } from '@azure/cosmos';
import { scoreSheetId, type ScoreRepository, type ScoreSheet } from '../../domain/scoring/scores';
import { withoutSystemFields } from './database';

type ScoreDocument = ScoreSheet & { id: string; kind: 'score' };

/**
 * Coaches' score sheets in the `participation` container (partition `/sluiceId`, kind `score`).
 * The id is derived from the idea and the coach (`scoreSheetId`), so a coach scoring again
 * replaces their sheet: an upsert of the same id, never a second document.
 */
export class CosmosScoreRepository implements ScoreRepository {
  constructor(private readonly container: Container) {}

  async put(sheet: ScoreSheet): Promise<void> {
    const doc: ScoreDocument = { ...sheet, id: scoreSheetId(sheet.ideaId, sheet.coach), kind: 'score' };
    await this.container.items.upsert(doc);
  }

  async forIdea(sluiceId: string, ideaId: string): Promise<ScoreSheet[]> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        {
          query:
            "SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.kind = 'score' AND c.ideaId = @ideaId ORDER BY c.ideaId ASC, c.atMs ASC",
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ideaId', value: ideaId },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources.map((r) => {
      const { id: _id, kind: _kind, ...sheet } = withoutSystemFields<ScoreDocument>(r);
      return sheet;
    });
  }

  async scoredIdeas(sluiceId: string): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ ideaId: string }>(
        {
          query: "SELECT c.ideaId FROM c WHERE c.sluiceId = @sluiceId AND c.kind = 'score'",
          parameters: [{ name: '@sluiceId', value: sluiceId }],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return [...new Set(resources.map((r) => r.ideaId))];
  }
}
