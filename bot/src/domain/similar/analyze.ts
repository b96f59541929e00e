/**
 * How Swedish idea text becomes search terms. Pure: the index, the tests and the benchmark
 * all use these functions, so what is measured is what runs.
 *
 * - Words are runs of letters and digits in any script (emoji, markdown and punctuation are
 *   separators); hyphenated words are split into their parts.
 * - Lower case, then the Snowball Swedish stemmer (it needs å, ä, ö), then diacritic folding
 *   ("påminn" and "paminn" are one term).
 * - Swedish stop words and a few words every idea uses are dropped.
 * - Every stem of six letters or more also gives its character 4-grams, so a compound meets its
 *   parts: "hemtjänstpersonal" shares "pers…onal" with "personal" and "hemt…änst" with "hemtjänsten".
 */

/** Words too common in ideas to say anything about what two ideas share. */
const IDEA_FILLER = [
  'kommun',
  'kommunen',
  'kommunens',
  'idé',
  'idén',
  'idéer',
  'bra',
  'bättre',
  'många',
  'mer',
  'fler',
  'gärna',
  'ska',
  'behöver',
  'behov',
  'vill',
  'finns',
  'får',
  'även',
  'också',
  'göra',
  'gör',
  'genom',
  'sätt',
  'kanske',
  'lite',
  'ofta',
  'väldigt',
  'idag',
  'dag',
  'the',
  'and',
];

/** Longest word kept; longer runs are not words (ids, hashes, pasted links). */
const MAX_WORD = 40;
/** Character n-gram length for compound matching. */
export const GRAM = 4;
/** Shorter stems get no n-grams: compounds are long, and short words match as whole stems. */
export const MIN_GRAM_STEM = 6;
/** Written words whose analysis is remembered. */
const CACHE_SIZE = 50_000;
/** Prefix that keeps n-gram terms apart from whole-stem terms in one index. */
export const GRAM_PREFIX = '~';

/** Removes diacritics after lower-casing: "Påminnelse" → "paminnelse". One character in, one out. */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * The Snowball Swedish stemmer and stop words (Orama's maintained ports). They are ES modules,
 * so this CommonJS build loads them once, asynchronously.
 */
export async function loadSwedishAnalyzer(): Promise<Analyzer> {
  const [{ stemmer }, { stopwords }] = await Promise.all([import('@orama/stemmers/swedish'), import('@orama/stopwords/swedish')]);
  return new Analyzer(stemmer, stopwords);
}

/** One meaningful word of a text. */
export interface Word {
  /** As written, lower-cased (for explanations). */
  readonly surface: string;
  /** Snowball stem, lower-cased, diacritics kept (for showing compound parts). */
  readonly stem: string;
  /** The stem folded: the whole-word term. */
  readonly term: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Turns text into words and index terms with one stemmer and one stop-word list. */
export class Analyzer {
  private readonly stop: ReadonlySet<string>;
  /** Stem and folded term per written word: words repeat, stemming is the expensive part. */
  private readonly cache = new Map<string, { stem: string; term: string } | null>();

  constructor(
    private readonly stemmer: (word: string) => string,
    stopwords: readonly string[],
  ) {
    this.stop = new Set([...stopwords, ...IDEA_FILLER].map(fold));
  }

  /** The meaningful words of a text, in order, stop words and one-letter words left out. */
  words(text: string): Word[] {
    const out: Word[] = [];
    for (const match of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
      const surface = match[0];
      if (surface.length < 2 || surface.length > MAX_WORD) continue;
      const known = this.analyse(surface);
      if (known) out.push({ surface, ...known });
    }
    return out;
  }

  private analyse(surface: string): { stem: string; term: string } | null {
    const cached = this.cache.get(surface);
    if (cached !== undefined) return cached;
    let result: { stem: string; term: string } | null = null;
    // Stop words, and digits-only words (years, amounts), rarely say what an idea is about.
    if (!this.stop.has(fold(surface)) && !/^\p{N}+$/u.test(surface)) {
      const stem = /\p{N}/u.test(surface) ? surface : this.stemmer(surface);
      const term = fold(stem);
      if (term.length >= 2 && !this.stop.has(term)) result = { stem, term };
    }
    // Bounded: a flood of distinct words starts the cache again rather than growing it.
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(surface, result);
    return result;
  }

  /** Every index term of a text: whole stems and their prefixed n-grams. */
  terms(text: string): string[] {
    const out: string[] = [];
    for (const w of this.words(text)) {
      out.push(w.term);
      for (const g of grams(w.stem)) out.push(GRAM_PREFIX + g.gram);
    }
    return out;
  }
}

/** The character n-grams of a stem (folded), each with where it starts; none for short stems. */
export function grams(stem: string): Array<{ gram: string; at: number }> {
  const folded = fold(stem);
  if (folded.length < MIN_GRAM_STEM) return [];
  const out: Array<{ gram: string; at: number }> = [];
  for (let i = 0; i + GRAM <= folded.length; i++) out.push({ gram: folded.slice(i, i + GRAM), at: i });
  return out;
}

/** Whether an index term is an n-gram (as opposed to a whole stem). */
export function isGram(term: string): boolean {
  return term.startsWith(GRAM_PREFIX);
}
