import { KeptStageCounts, stageDelta, type StageCounts, type StageCountStore } from '../../bot/src/domain/stage-counts';
import { idea } from './fixtures';

describe('stageDelta', () => {
  it('adds a submission to its stage and moves a stage change, and ignores what changes no stage', () => {
    expect(stageDelta({ kind: 'submitted', to: 'submitted' })).toEqual({ submitted: 1 });
    expect(stageDelta({ kind: 'taken', from: 'submitted', to: 'screening' })).toEqual({ submitted: -1, screening: 1 });
    expect(stageDelta({ kind: 'infoRequested', from: 'screening', to: 'screening' })).toBeUndefined();
    expect(stageDelta({ kind: 'reassigned' })).toBeUndefined();
  });
});

describe('KeptStageCounts', () => {
  const zero: StageCounts = { submitted: 0, screening: 0, testing: 0, implementing: 0, done: 0, closed: 0 };
  function memoryStore(): StageCountStore & { kept: Map<string, StageCounts> } {
    const kept = new Map<string, StageCounts>();
    return {
      kept,
      get: async (id) => kept.get(id),
      async add(id, delta) {
        const current = kept.get(id);
        if (!current) return false;
        const next = { ...current };
        for (const [stage, n] of Object.entries(delta)) next[stage as keyof StageCounts] += n ?? 0;
        kept.set(id, next);
        return true;
      },
      save: async (id, counts) => void kept.set(id, counts),
    };
  }
  const logger = { warn: jest.fn() };

  it('counts with the query once, then keeps what the listener adds', async () => {
    const store = memoryStore();
    const recount = jest.fn(async () => ({ ...zero, submitted: 4 }));
    const counts = new KeptStageCounts(store, recount, logger);
    expect(await counts.counts('s1')).toMatchObject({ submitted: 4 });
    await counts.listener().ideaChanged?.(idea({ sluiceId: 's1' }), undefined as never, {
      id: 'e',
      kind: 'taken',
      at: '',
      actor: { id: 'c', name: 'C' },
      from: 'submitted',
      to: 'screening',
    });
    await counts.stored({ id: 'i', sluiceId: 's1', stage: 'testing' });
    expect(await counts.counts('s1')).toMatchObject({ submitted: 3, screening: 1, testing: 1 });
    expect(recount).toHaveBeenCalledTimes(1);
  });

  it('logs a counter it could not update instead of failing the change', async () => {
    const store = memoryStore();
    store.add = async () => {
      throw new Error('Cosmos is down');
    };
    const counts = new KeptStageCounts(store, async () => zero, logger);
    await expect(counts.stored({ id: 'i', sluiceId: 's1', stage: 'submitted' })).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalled();
  });
});
