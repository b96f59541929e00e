import type { Container, PatchOperation } from '@azure/cosmos';
import type { StageCounts, StageCountStore } from '../../domain/stage-counts';
import { statusOf } from './database';

/** The id of a sluice's kept stage counts in the `counters` container (partitioned by sluice). */
export const STAGE_COUNTS_ID = 'stage-counts';

interface StageCountsDocument {
  id: typeof STAGE_COUNTS_ID;
  sluiceId: string;
  counts: StageCounts;
}

/** Kept per-stage counts in Cosmos: one document per sluice, changed with atomic patch `incr`. */
export class CosmosStageCountStore implements StageCountStore {
  constructor(private readonly counters: Container) {}

  async get(sluiceId: string): Promise<StageCounts | undefined> {
    try {
      const { resource } = await this.counters.item(STAGE_COUNTS_ID, sluiceId).read<StageCountsDocument>();
      return resource?.counts;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async add(sluiceId: string, delta: Partial<StageCounts>): Promise<boolean> {
    const operations: PatchOperation[] = Object.entries(delta).map(([stage, value]) => ({
      op: 'incr',
      path: `/counts/${stage}`,
      value: value ?? 0,
    }));
    try {
      await this.counters.item(STAGE_COUNTS_ID, sluiceId).patch(operations);
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async save(sluiceId: string, counts: StageCounts): Promise<void> {
    await this.counters.items.upsert<StageCountsDocument>({ id: STAGE_COUNTS_ID, sluiceId, counts });
  }
}
