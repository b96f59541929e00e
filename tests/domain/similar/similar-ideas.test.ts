import { loadSwedishAnalyzer } from '../../../bot/src/domain/similar/analyze';
import { SimilarIdeas, type SimilarIdeaSource } from '../../../bot/src/domain/similar/similar-ideas';
import type { IndexedIdea } from '../../../bot/src/domain/similar/similar-index';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clock = { now: () => new Date('2026-11-23T10:00:00.000Z') };

function idea(n: number): IndexedIdea {
  return {
    id: `idea-${n}`,
    sluiceId: 's1',
    number: n,
    tenantId: 't1',
    title: `Påminnelse om simskolan nummer ${n}`,
    need: 'Föräldrar glömmer simlektionen.',
    idea: 'Skicka sms.',
    department: 'Kultur',
    stage: 'submitted',
    version: 1,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  };
}

function source(ideas: IndexedIdea[]): SimilarIdeaSource {
  return {
    async *all() {
      yield* ideas;
    },
    changedSince: (from) => Promise.resolve(ideas.filter((i) => i.updatedAt >= from)),
    removedSince: () => Promise.resolve([]),
  };
}

describe('SimilarIdeas', () => {
  it('stays within its bound, keeping the most recently changed ideas', async () => {
    const all = Array.from({ length: 130 }, (_, i) => idea(i + 1));
    const similar = new SimilarIdeas({
      source: source(all),
      analyzer: await loadSwedishAnalyzer(),
      clock,
      logger: quiet,
      refreshMs: 0,
      maxIdeas: 100,
    });
    await similar.build();
    expect(similar.size).toBeLessThanOrEqual(100);
    const found = similar.find(['s1'], { title: 'Påminnelse om simskolan', need: 'simlektionen' }, 10);
    expect(Math.min(...found.map((f) => f.number))).toBeGreaterThan(30);
  });

  it('reads what others wrote since the last refresh, and never throws from a listener', async () => {
    const written: IndexedIdea[] = [];
    const similar = new SimilarIdeas({
      source: source(written),
      analyzer: await loadSwedishAnalyzer(),
      clock,
      logger: quiet,
      refreshMs: 0,
      maxIdeas: 100,
    });
    await similar.build();
    written.push({ ...idea(1), updatedAt: clock.now().toISOString() });
    expect(await similar.refresh()).toBe(1);
    expect(await similar.refresh()).toBe(0);
    expect(similar.size).toBe(1);
    await expect(similar.ideaChanged({ id: 'broken' } as never)).resolves.toBeUndefined();
  });
});
