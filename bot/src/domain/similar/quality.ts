import type { SimilarIndex } from './similar-index';

/** One idea of a labelled set: ideas with the same cluster are the same idea, written by different people. */
export interface LabelledIdea {
  readonly key: string;
  /** null for a distractor: same topic, different idea. */
  readonly cluster: string | null;
  readonly department: string;
  readonly municipality: string;
  readonly title: string;
  readonly need: string;
  readonly idea: string;
}

export interface Quality {
  /** Mean share of the top k suggestions that are of the same cluster, over every clustered idea. */
  readonly precisionAtK: number;
  readonly k: number;
  /** Clustered ideas asked. */
  readonly queries: number;
  /** Queries whose top k were not all of their cluster, with what came instead. */
  readonly misses: ReadonlyArray<{ key: string; got: readonly string[] }>;
}

/**
 * Precision@k of an index holding the labelled set (ids = keys, one sluice): each clustered idea
 * is asked for its neighbours (itself left out) and its cluster mates should come first.
 */
export function precisionAtK(
  index: SimilarIndex,
  sluiceId: string,
  set: readonly LabelledIdea[],
  k: number,
  /** `title`: ask with the title alone, as while someone is still typing. */
  ask: 'whole' | 'title' = 'whole',
): Quality {
  const byKey = new Map(set.map((i) => [i.key, i]));
  let sum = 0;
  let queries = 0;
  const misses: Array<{ key: string; got: string[] }> = [];
  for (const idea of set) {
    if (idea.cluster === null) continue;
    queries++;
    const got = index.find([sluiceId], ask === 'title' ? { title: idea.title } : idea, { limit: k, excludeId: idea.key }).map((m) => m.id);
    const hits = got.filter((id) => byKey.get(id)?.cluster === idea.cluster).length;
    sum += hits / k;
    if (hits < k) misses.push({ key: idea.key, got });
  }
  return { precisionAtK: queries === 0 ? 0 : sum / queries, k, queries, misses };
}
