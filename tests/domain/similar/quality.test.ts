import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSwedishAnalyzer } from '../../../bot/src/domain/similar/analyze';
import { precisionAtK, type LabelledIdea } from '../../../bot/src/domain/similar/quality';
import { SimilarIndex } from '../../../bot/src/domain/similar/similar-index';

const SET = (JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/similar-ideas.sv.json'), 'utf8')) as { ideas: LabelledIdea[] })
  .ideas;

async function labelledIndex(): Promise<SimilarIndex> {
  const index = new SimilarIndex(await loadSwedishAnalyzer());
  SET.forEach((i, n) =>
    index.upsert({
      ...i,
      id: i.key,
      sluiceId: 's1',
      number: n + 1,
      tenantId: 't1',
      stage: 'submitted',
      version: 1,
      updatedAt: '2026-11-01T00:00:00.000Z',
    }),
  );
  return index;
}

describe('similar ideas on the labelled Swedish set', () => {
  it('has at least 60 ideas, clusters of three from three departments, and distractors', () => {
    expect(SET.length).toBeGreaterThanOrEqual(60);
    const clusters = new Map<string, LabelledIdea[]>();
    for (const i of SET) if (i.cluster) clusters.set(i.cluster, [...(clusters.get(i.cluster) ?? []), i]);
    for (const members of clusters.values()) {
      expect(members).toHaveLength(3);
      expect(new Set(members.map((m) => m.department)).size).toBe(3);
    }
    expect(SET.filter((i) => i.cluster === null).length).toBeGreaterThanOrEqual(12);
  });

  it('finds the other two paraphrases first (precision@2 holds its floor)', async () => {
    const quality = precisionAtK(await labelledIndex(), 's1', SET, 2);
    console.log(`precision@2 ${quality.precisionAtK.toFixed(3)} over ${quality.queries} ideas; misses ${JSON.stringify(quality.misses)}`);
    expect(quality.precisionAtK).toBeGreaterThanOrEqual(0.9);
  });

  it('finds paraphrases from the title alone, as while typing', async () => {
    const quality = precisionAtK(await labelledIndex(), 's1', SET, 2, 'title');
    console.log(
      `title-only precision@2 ${quality.precisionAtK.toFixed(3)} over ${quality.queries} ideas; misses ${JSON.stringify(quality.misses)}`,
    );
    expect(quality.precisionAtK).toBeGreaterThanOrEqual(0.65);
  });
});
