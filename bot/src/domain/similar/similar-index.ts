import MiniSearch, { type SearchResult } from 'minisearch';
import type { Stage } from '../stages';
import { GRAM, GRAM_PREFIX, grams, isGram, type Analyzer, type Word } from './analyze';

/** What the index keeps of an idea: enough to show a suggestion without another read. */
export interface IndexedIdea {
  readonly id: string;
  readonly sluiceId: string;
  readonly number: number;
  readonly tenantId: string;
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly department: string;
  readonly stage: Stage;
  /** Why a closed idea stopped (the decline or withdrawal text). */
  readonly closedReason?: string;
  /** The idea's version; an older version never replaces a newer one. */
  readonly version: number;
  readonly updatedAt: string;
}

/** The text of an idea being written, or of a stored idea to find neighbours for. */
export interface DraftText {
  readonly title: string;
  readonly need?: string;
  readonly idea?: string;
}

/** One suggestion: an idea like the draft, how alike (0–1) and what the two share. */
export interface SimilarMatch {
  readonly id: string;
  readonly sluiceId: string;
  readonly number: number;
  readonly tenantId: string;
  readonly title: string;
  readonly department: string;
  readonly stage: Stage;
  readonly closedReason?: string;
  /** 0–1: the weighted share of the draft's words the idea also has, times how strongly it ranks. */
  readonly score: number;
  /** Words (or compound parts) both have, as the draft writes them: "simlektion", "påminnelse". */
  readonly shared: readonly string[];
}

export interface FindOptions {
  readonly limit: number;
  /** Leave this idea out (the idea whose neighbours are asked for). */
  readonly excludeId?: string;
}

/** Tuning, chosen by measuring precision@2 on the labelled set (see docs/similar-ideas.md). */
export const WEIGHTS = {
  /** Field boosts: a title says most about what an idea is. */
  title: 2,
  need: 1,
  idea: 1,
  /** An n-gram match counts less than a whole-stem match. */
  gram: 0.3,
} as const;

/** Fewer meaningful words than this in a draft give no suggestions (one word is noise). */
const MIN_DRAFT_WORDS = 2;
/** A suggestion must share at least this many words or compound parts with the draft. */
const MIN_SHARED = 2;
/** Query words used at most (title first): bounds the time of a 4 000-character draft. */
const MAX_QUERY_WORDS = 48;
/** N-gram terms used at most per query. */
const MAX_QUERY_GRAMS = 24;
/** Candidates re-ranked per query. */
const CANDIDATES = 30;
/** A term in more than this share of a sluice's ideas is left out of queries: it says nothing. */
const MAX_DOC_SHARE = 0.2;

type Entry = Omit<IndexedIdea, 'need' | 'idea'> & {
  /** A hash of title, need and idea: a stage change leaves the text (and the search index) alone. */
  readonly textHash: number;
};

/** FNV-1a over the text: cheap, and enough to tell whether an idea's text changed. */
function textHash(idea: Pick<IndexedIdea, 'title' | 'need' | 'idea'>): number {
  let h = 0x811c9dc5;
  const text = `${idea.title}\u0000${idea.need}\u0000${idea.idea}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
type Doc = { readonly id: string; readonly title: string; readonly need: string; readonly idea: string };

/** One sluice's ideas. */
class SluiceIndex {
  readonly search: MiniSearch<Doc>;
  readonly entries = new Map<string, Entry>();
  /** How many ideas each term occurs in (only grows: edits add, removals do not subtract; close enough for weighting). */
  readonly df = new Map<string, number>();

  /** Terms of the idea being added, collected while MiniSearch tokenizes it (one analysis per add). */
  private collecting: Set<string> | undefined;

  constructor(analyzer: Analyzer) {
    this.search = new MiniSearch<Doc>({
      fields: ['title', 'need', 'idea'],
      storeFields: [],
      tokenize: (text) => {
        const terms = analyzer.terms(text);
        if (this.collecting) for (const t of terms) this.collecting.add(t);
        return terms;
      },
      processTerm: (term) => term,
      autoVacuum: { minDirtCount: 200, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
    });
  }

  add(idea: IndexedIdea): void {
    const held = this.entries.get(idea.id);
    const hash = textHash(idea);
    if (held?.textHash !== hash) {
      if (held) this.search.discard(idea.id);
      this.collecting = new Set();
      try {
        this.search.add({ id: idea.id, title: idea.title, need: idea.need, idea: idea.idea });
        // An edit counts its terms again: slightly high counts for edited ideas, never a missing term.
        for (const t of this.collecting) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      } finally {
        this.collecting = undefined;
      }
    }
    const { need, idea: text, ...entry } = idea;
    void need;
    void text;
    this.entries.set(idea.id, { ...entry, textHash: hash });
  }

  remove(id: string): void {
    if (!this.entries.delete(id)) return;
    this.search.discard(id);
  }
}

/**
 * The similar-idea index: per sluice, in memory, built from storage at start and kept current
 * by the service around it. Matching is BM25 (MiniSearch) over stems and character n-grams,
 * weighted by field, then re-ranked by how much of the draft a candidate covers.
 */
export class SimilarIndex {
  private readonly sluices = new Map<string, SluiceIndex>();
  private count = 0;

  constructor(private readonly analyzer: Analyzer) {}

  /** Ideas held, over all sluices. */
  get size(): number {
    return this.count;
  }

  /** The stored version of an idea, if indexed. */
  versionOf(sluiceId: string, id: string): number | undefined {
    return this.sluices.get(sluiceId)?.entries.get(id)?.version;
  }

  /** The oldest-changed ideas first, for eviction when the index is over its bound. */
  *byAge(): Iterable<{ sluiceId: string; id: string; updatedAt: string }> {
    for (const [sluiceId, s] of this.sluices) for (const e of s.entries.values()) yield { sluiceId, id: e.id, updatedAt: e.updatedAt };
  }

  /** Adds or replaces an idea; an older version than the one held is ignored. Returns whether it changed. */
  upsert(idea: IndexedIdea): boolean {
    let s = this.sluices.get(idea.sluiceId);
    const held = s?.entries.get(idea.id);
    if (held && held.version >= idea.version) return false;
    if (!s) {
      s = new SluiceIndex(this.analyzer);
      this.sluices.set(idea.sluiceId, s);
    }
    if (!held) this.count++;
    s.add(idea);
    return true;
  }

  remove(sluiceId: string, id: string): void {
    const s = this.sluices.get(sluiceId);
    if (s?.entries.has(id)) {
      s.remove(id);
      this.count--;
    }
  }

  /**
   * Ideas of the given sluices like the draft, best first. An empty or one-word draft gives
   * nothing; every suggestion shares at least two words or compound parts with the draft.
   */
  find(sluiceIds: readonly string[], draft: DraftText, options: FindOptions): SimilarMatch[] {
    const query = this.queryWords(draft);
    if (new Set(query.map((w) => w.term)).size < MIN_DRAFT_WORDS || options.limit <= 0) return [];
    const found: SimilarMatch[] = [];
    for (const sluiceId of new Set(sluiceIds)) {
      const s = this.sluices.get(sluiceId);
      if (s) found.push(...this.findIn(s, query, options));
    }
    return found.sort((a, b) => b.score - a.score || a.number - b.number).slice(0, options.limit);
  }

  /** The draft's words, title first, each distinct stem once, at most {@link MAX_QUERY_WORDS}. */
  private queryWords(draft: DraftText): Word[] {
    const seen = new Map<string, Word>();
    for (const text of [draft.title, draft.need ?? '', draft.idea ?? '']) {
      for (const w of this.analyzer.words(text)) {
        const held = seen.get(w.term);
        // Explanations show the shortest way the draft wrote a stem ("påminnelse", not "påminnelserna").
        if (!held) seen.set(w.term, w);
        else if (w.surface.length < held.surface.length) seen.set(w.term, { ...held, surface: w.surface });
      }
    }
    return [...seen.values()].slice(0, MAX_QUERY_WORDS);
  }

  private findIn(s: SluiceIndex, query: readonly Word[], options: FindOptions): SimilarMatch[] {
    const total = s.entries.size;
    if (total === 0) return [];
    const limitDf = Math.max(10, total * MAX_DOC_SHARE);
    const idf = (t: string): number => Math.log(1 + total / (1 + (s.df.get(t) ?? 0)));
    // Only terms some idea has and not too many have; of the n-grams, the rarest (most telling) ones.
    const useful = (t: string): boolean => {
      const df = s.df.get(t) ?? 0;
      return df > 0 && df <= limitDf;
    };
    const wordTerms = new Set(query.map((w) => w.term).filter(useful));
    const gramTerms = new Set<string>();
    for (const w of query) for (const g of grams(w.stem)) if (useful(GRAM_PREFIX + g.gram)) gramTerms.add(GRAM_PREFIX + g.gram);
    const rareGrams = [...gramTerms].sort((a, b) => (s.df.get(a) ?? 0) - (s.df.get(b) ?? 0)).slice(0, MAX_QUERY_GRAMS);
    const all = [...wordTerms, ...rareGrams];
    if (all.length === 0) return [];
    const results = s.search.search(all.join(' '), {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boost: { title: WEIGHTS.title, need: WEIGHTS.need, idea: WEIGHTS.idea },
      boostTerm: (term) => (isGram(term) ? WEIGHTS.gram : 1),
      combineWith: 'OR',
      ...(options.excludeId ? { filter: (r: SearchResult) => r.id !== options.excludeId } : {}),
    });
    if (results.length === 0) return [];
    const top = results[0]!.score;
    const queryWeight = query.reduce((sum, w) => sum + idf(w.term), 0);
    const out: SimilarMatch[] = [];
    for (const r of results.slice(0, CANDIDATES)) {
      const entry = s.entries.get(r.id as string);
      if (!entry) continue;
      const { shared, covered } = explain(query, new Set(Object.keys(r.match)));
      if (shared.length < MIN_SHARED) continue;
      const coverage = query.reduce((sum, w) => sum + (covered.has(w.term) ? idf(w.term) : 0), 0) / queryWeight;
      const score = Math.round(Math.sqrt(coverage * (r.score / top)) * 100) / 100;
      out.push({
        id: entry.id,
        sluiceId: entry.sluiceId,
        number: entry.number,
        tenantId: entry.tenantId,
        title: entry.title,
        department: entry.department,
        stage: entry.stage,
        ...(entry.closedReason ? { closedReason: entry.closedReason } : {}),
        score,
        shared,
      });
    }
    return out;
  }
}

/**
 * What a draft and a matched idea share, from the terms that matched: whole stems (shown as the
 * draft wrote them), and runs of at least two consecutive n-grams of a draft word (a compound
 * part, shown as that part of the stem). `covered` are the draft words that count as shared.
 */
export function explain(query: readonly Word[], matched: ReadonlySet<string>): { shared: string[]; covered: Set<string> } {
  const parts: string[] = [];
  const covered = new Set<string>();
  for (const w of query) {
    if (matched.has(w.term)) {
      parts.push(w.surface);
      covered.add(w.term);
      continue;
    }
    const gs = grams(w.stem);
    let runStart = -1;
    let coveredChars = 0;
    for (let i = 0; i <= gs.length; i++) {
      const hit = i < gs.length && matched.has(GRAM_PREFIX + gs[i]!.gram);
      if (hit && runStart < 0) runStart = i;
      if (!hit && runStart >= 0) {
        const run = i - runStart;
        if (run >= 2) {
          parts.push(w.stem.slice(runStart, i - 1 + GRAM));
          coveredChars += run + GRAM - 1;
        }
        runStart = -1;
      }
    }
    // A word counts as shared when most of it is found in the other idea's compounds (or parts).
    if (coveredChars > 0 && coveredChars >= w.stem.length * 0.5) covered.add(w.term);
  }
  // A part inside a longer shared part says nothing more.
  const unique = [...new Set(parts)];
  return { shared: unique.filter((p) => !unique.some((q) => q !== p && q.includes(p))), covered };
}
