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
  /** Set (by the caller, from its scope) for an idea of a linked sluice: not opened as an own idea. */
  readonly linkedSluice?: { readonly id: string; readonly name: string };
  /** 0–1: the weighted share of the draft's words the idea also has, times how strongly it ranks. */
  readonly score: number;
  /** Words (or compound parts) both have, as the draft writes them: "simlektion", "påminnelse". */
  readonly shared: readonly string[];
}

export interface FindOptions {
  readonly limit: number;
  /** Leave this idea out (the idea whose neighbours are asked for). */
  readonly excludeId?: string;
  /** Per sluice, the only stages shown from it (a linked sluice shares some stages only); others unrestricted. */
  readonly stagesOf?: Readonly<Record<string, readonly Stage[]>>;
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
/** BM25 term-frequency saturation and length normalisation (the usual values). */
const K1 = 1.2;
const B = 0.7;
/** A posting packs an idea's slot (above) and its field-weighted count of the term (the low 8 bits). */
const WEIGHT_BITS = 8;
const MAX_WEIGHT = 2 ** WEIGHT_BITS - 1;
/** Slots one sluice can hold: what fits above the weight in 32 bits. */
const MAX_SLOTS = 2 ** (32 - WEIGHT_BITS);
/** 32-bit words per slot marking which query terms an idea matched. */
const MASK_WORDS = Math.ceil((MAX_QUERY_WORDS + MAX_QUERY_GRAMS) / 32);
/** Removed or re-indexed ideas leave dead postings; they are swept out past this share of the slots. */
const SWEEP_SHARE = 0.25;
const SWEEP_MIN = 256;
/** Words whose posting lists are remembered per sluice while adding ideas. */
const MAX_REMEMBERED_WORDS = 200_000;

/** The ideas one term occurs in: a growable array of packed postings, in slot order while `sorted`. */
class PostingList {
  data = new Uint32Array(2);
  length = 0;
  /** Slots were added in rising order (false once a freed slot is reused), so a slot can be looked up by bisection. */
  sorted = true;

  /** Adds `weight` for the slot: to its last posting when that is the same slot (one idea is added at a time). */
  add(slot: number, weight: number): void {
    const last = this.length > 0 ? this.data[this.length - 1]! : -1;
    if (last >= 0 && slotOf(last) === slot) {
      this.data[this.length - 1] = slot * 2 ** WEIGHT_BITS + Math.min((last & MAX_WEIGHT) + weight, MAX_WEIGHT);
      return;
    }
    if (last >= 0 && slotOf(last) > slot) this.sorted = false;
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = slot * 2 ** WEIGHT_BITS + Math.min(weight, MAX_WEIGHT);
  }

  /** Where the slot's posting is, or -1 (only when `sorted`). */
  find(slot: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = slotOf(this.data[mid]!);
      if (at === slot) return mid;
      if (at < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Bytes held (for the memory figure). */
  get bytes(): number {
    return this.data.byteLength;
  }
}

function slotOf(posting: number): number {
  return Math.floor(posting / 2 ** WEIGHT_BITS);
}

/** One term of a query: its postings and the most it can add to an idea's score. */
interface QueryTerm {
  readonly term: string;
  readonly list: PostingList;
  /** BM25 idf times the term's boost. */
  readonly weight: number;
  /** Upper bound of the term's contribution to any idea (BM25 saturates at `K1 + 1`). */
  readonly max: number;
}

function grow<T extends Float32Array | Uint32Array | Int32Array>(array: T, size: number, make: (n: number) => T): T {
  if (size <= array.length) return array;
  const grown = make(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * One sluice's ideas as an inverted index of its own: term → packed postings (typed arrays), each
 * idea a numbered slot. An edit gives the idea a new slot and leaves the old one dead until a
 * sweep; a stage change only replaces the entry.
 */
class SluiceIndex {
  readonly entries = new Map<string, Entry & { readonly slot: number }>();
  private readonly postings = new Map<string, PostingList>();
  /** Per word (folded stem): the posting lists of its term and its n-grams, so adding an idea hashes each word once. */
  private readonly wordLists = new Map<string, PostingList[]>();
  private slots: Array<(Entry & { readonly slot: number }) | undefined> = [];
  private free: number[] = [];
  private dead = 0;
  private lengths = new Float32Array(64);
  private totalLength = 0;
  /** Scratch space of a query, one value per slot; zeroed again after each query. */
  private scores = new Float32Array(64);
  private masks = new Uint32Array(64 * MASK_WORDS);
  /** Scratch: each slot's place in the query's top-k heap, plus one (0 = not in it). */
  private places = new Int32Array(64);

  constructor(private readonly analyzer: Analyzer) {}

  /** How many ideas a term occurs in (dead postings included until swept; close enough for weighting). */
  df(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  add(idea: IndexedIdea): void {
    const held = this.entries.get(idea.id);
    const hash = textHash(idea);
    const { need, idea: text, ...rest } = idea;
    if (held?.textHash === hash) {
      const entry = { ...rest, textHash: hash, slot: held.slot };
      this.entries.set(idea.id, entry);
      this.slots[held.slot] = entry;
      return;
    }
    if (held) this.kill(held.slot);
    const slot = this.free.pop() ?? this.slots.length;
    if (slot >= MAX_SLOTS) throw new Error(`A sluice's similar-idea index holds at most ${MAX_SLOTS} ideas`);
    let length = 0;
    for (const [field, boost] of [
      [idea.title, WEIGHTS.title],
      [need, WEIGHTS.need],
      [text, WEIGHTS.idea],
    ] as const) {
      for (const word of this.analyzer.words(field)) {
        const lists = this.listsOf(word);
        for (const list of lists) list.add(slot, boost);
        length += boost * lists.length;
      }
    }
    const entry = { ...rest, textHash: hash, slot };
    this.entries.set(idea.id, entry);
    this.slots[slot] = entry;
    this.lengths = grow(this.lengths, slot + 1, (n) => new Float32Array(n));
    this.lengths[slot] = length;
    this.totalLength += length;
  }

  private listsOf(word: Word): PostingList[] {
    const known = this.wordLists.get(word.term);
    if (known) return known;
    const lists = [word.term, ...grams(word.stem).map((g) => GRAM_PREFIX + g.gram)].map((t) => {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = new PostingList()));
      return list;
    });
    // Bounded: a flood of distinct words starts the memo again rather than growing it.
    if (this.wordLists.size >= MAX_REMEMBERED_WORDS) this.wordLists.clear();
    this.wordLists.set(word.term, lists);
    return lists;
  }

  remove(id: string): void {
    const held = this.entries.get(id);
    if (!held) return;
    this.entries.delete(id);
    this.kill(held.slot);
  }

  /** Bytes held by postings and per-slot arrays (the entries' strings not counted). */
  get bytes(): number {
    let bytes = this.lengths.byteLength + this.scores.byteLength + this.masks.byteLength;
    for (const list of this.postings.values()) bytes += list.bytes;
    return bytes;
  }

  private kill(slot: number): void {
    this.slots[slot] = undefined;
    this.totalLength -= this.lengths[slot]!;
    this.dead++;
    if (this.dead >= SWEEP_MIN && this.dead >= this.slots.length * SWEEP_SHARE) this.sweep();
  }

  /** Drops the postings of dead slots and frees those slots for reuse. */
  private sweep(): void {
    // Emptied lists are dropped below; the memo must not hand them out again.
    this.wordLists.clear();
    for (const [term, list] of this.postings) {
      let kept = 0;
      for (let i = 0; i < list.length; i++) {
        const p = list.data[i]!;
        if (this.slots[slotOf(p)]) list.data[kept++] = p;
      }
      if (kept === 0) this.postings.delete(term);
      else {
        list.length = kept;
        if (kept * 4 < list.data.length) list.data = list.data.slice(0, Math.max(2, kept));
      }
    }
    this.free = [];
    for (let s = this.slots.length - 1; s >= 0; s--) if (!this.slots[s]) this.free.push(s);
    this.dead = 0;
  }

  /**
   * The ideas with the highest BM25 score for the terms, at most `k`, best first, each with the
   * terms it matched. Terms are taken rarest first; once no idea not yet seen could reach the
   * k-th best score with what the remaining terms can add, the remaining terms only add to ideas
   * already seen (top-k pruning: the result is the same, far fewer ideas are scored).
   */
  top(terms: readonly string[], k: number, excludeId: string | undefined): Array<{ entry: Entry; score: number; matched: Set<string> }> {
    const live = this.entries.size;
    if (live === 0 || terms.length === 0) return [];
    const query: QueryTerm[] = [];
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (live - list.length + 0.5) / (list.length + 0.5));
      const weight = idf * (isGram(term) ? WEIGHTS.gram : 1);
      query.push({ term, list, weight, max: weight * (K1 + 1) });
    }
    query.sort((a, b) => b.max - a.max);
    this.scores = grow(this.scores, this.slots.length, (n) => new Float32Array(n));
    this.masks = grow(this.masks, this.slots.length * MASK_WORDS, (n) => new Uint32Array(n));
    this.places = grow(this.places, this.slots.length, (n) => new Int32Array(n));
    const { scores, masks, slots, lengths, places } = this;
    const excluded = excludeId === undefined ? -1 : (this.entries.get(excludeId)?.slot ?? -1);
    const avg = this.totalLength / live || 1;
    const touched: number[] = [];
    /** Once closed: the ideas that can still reach the k-th best score. */
    let candidates: number[] | undefined;
    let remaining = query.reduce((sum, q) => sum + q.max, 0);
    // The best k so far, as a min-heap on score: its root is the k-th best score, known at every step.
    const heap: number[] = [];
    const put = (at: number, slot: number): void => {
      heap[at] = slot;
      places[slot] = at + 1;
    };
    const sink = (from: number): void => {
      let at = from;
      const slot = heap[at]!;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= heap.length) break;
        const child = left + 1 < heap.length && scores[heap[left + 1]!]! < scores[heap[left]!]! ? left + 1 : left;
        if (scores[heap[child]!]! >= scores[slot]!) break;
        put(at, heap[child]!);
        at = child;
      }
      put(at, slot);
    };
    const offer = (slot: number): void => {
      const place = places[slot]!;
      if (place > 0) sink(place - 1);
      else if (heap.length < k) {
        let at = heap.length;
        heap.push(slot);
        while (at > 0 && scores[heap[(at - 1) >> 1]!]! > scores[slot]!) {
          put(at, heap[(at - 1) >> 1]!);
          at = (at - 1) >> 1;
        }
        put(at, slot);
      } else if (scores[slot]! > scores[heap[0]!]!) {
        places[heap[0]!] = 0;
        put(0, slot);
        sink(0);
      }
    };
    const kth = (): number => (heap.length < k ? 0 : scores[heap[0]!]!);
    const addTo = (slot: number, p: number, weight: number, word: number, bit: number): void => {
      const tf = p & MAX_WEIGHT;
      scores[slot] = scores[slot]! + (weight * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[slot]!) / avg));
      masks[slot * MASK_WORDS + word]! |= bit;
      offer(slot);
    };
    for (let qi = 0; qi < query.length; qi++) {
      const { list, weight, max } = query[qi]!;
      remaining -= max;
      const word = qi >> 5;
      const bit = 1 << (qi & 31);
      const data = list.data;
      if (candidates && list.sorted && candidates.length * 2 * Math.log2(list.length + 1) < list.length) {
        // Few candidates left, a long list: look each candidate up rather than read the list.
        for (const slot of candidates) {
          const at = list.find(slot);
          if (at >= 0) addTo(slot, data[at]!, weight, word, bit);
        }
      } else {
        for (let i = 0; i < list.length; i++) {
          const p = data[i]!;
          const slot = slotOf(p);
          if (scores[slot] === 0) {
            if (candidates || slot === excluded || !slots[slot]) continue;
            touched.push(slot);
          }
          addTo(slot, p, weight, word, bit);
        }
      }
      const threshold = kth();
      if (remaining >= threshold) continue;
      // No idea not yet seen can reach the top k now, nor can a seen one whose score plus all the
      // remaining terms stays under the k-th best: leave both out from here on.
      candidates = (candidates ?? touched).filter((slot) => scores[slot]! + remaining >= threshold);
    }
    const best = [...heap].sort((x, y) => scores[y]! - scores[x]!);
    const out = best.map((slot) => {
      const matched = new Set<string>();
      for (let qi = 0; qi < query.length; qi++) if (masks[slot * MASK_WORDS + (qi >> 5)]! & (1 << (qi & 31))) matched.add(query[qi]!.term);
      return { entry: slots[slot]!, score: scores[slot]!, matched };
    });
    // Zero the scratch space again: all of it when most was touched, else slot by slot.
    if (touched.length * 8 > slots.length) {
      scores.fill(0);
      masks.fill(0);
    } else {
      for (const slot of touched) {
        scores[slot] = 0;
        for (let w = 0; w < MASK_WORDS; w++) masks[slot * MASK_WORDS + w] = 0;
      }
    }
    for (const slot of heap) places[slot] = 0;
    return out;
  }
}

/**
 * The similar-idea index: per sluice, in memory, built from storage at start and kept current
 * by the service around it. Matching is BM25 over stems and character n-grams, weighted by
 * field, on posting lists of its own with top-k pruning, then re-ranked by how much of the
 * draft a candidate covers.
 */
export class SimilarIndex {
  private readonly sluices = new Map<string, SluiceIndex>();
  private count = 0;

  constructor(private readonly analyzer: Analyzer) {}

  /** Ideas held, over all sluices. */
  get size(): number {
    return this.count;
  }

  /** Bytes of the postings and per-idea arrays (strings of the entries not counted). */
  get bytes(): number {
    let bytes = 0;
    for (const s of this.sluices.values()) bytes += s.bytes;
    return bytes;
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
      if (s) found.push(...this.findIn(s, query, options, options.stagesOf?.[sluiceId]));
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

  private findIn(s: SluiceIndex, query: readonly Word[], options: FindOptions, stages?: readonly Stage[]): SimilarMatch[] {
    const total = s.entries.size;
    if (total === 0) return [];
    const limitDf = Math.max(10, total * MAX_DOC_SHARE);
    const idf = (t: string): number => Math.log(1 + total / (1 + s.df(t)));
    // Only terms some idea has and not too many have; of the n-grams, the rarest (most telling) ones.
    const useful = (t: string): boolean => {
      const df = s.df(t);
      return df > 0 && df <= limitDf;
    };
    const wordTerms = new Set(query.map((w) => w.term).filter(useful));
    const gramTerms = new Set<string>();
    for (const w of query) for (const g of grams(w.stem)) if (useful(GRAM_PREFIX + g.gram)) gramTerms.add(GRAM_PREFIX + g.gram);
    const rareGrams = [...gramTerms].sort((a, b) => s.df(a) - s.df(b)).slice(0, MAX_QUERY_GRAMS);
    const results = s.top([...wordTerms, ...rareGrams], CANDIDATES, options.excludeId);
    if (results.length === 0) return [];
    const top = results[0]!.score;
    const queryWeight = query.reduce((sum, w) => sum + idf(w.term), 0);
    const out: SimilarMatch[] = [];
    for (const { entry, score: raw, matched } of results) {
      if (stages && !stages.includes(entry.stage)) continue;
      const { shared, covered } = explain(query, matched);
      if (shared.length < MIN_SHARED) continue;
      const coverage = query.reduce((sum, w) => sum + (covered.has(w.term) ? idf(w.term) : 0), 0) / queryWeight;
      const score = Math.round(Math.sqrt(coverage * (raw / top)) * 100) / 100;
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
