import { createHash } from 'node:crypto';
import { cleanText } from '../idea';

/**
 * The sluice's evaluation criteria (bedömningskriterier): what a coach scores an idea on at the
 * Idésamtal, each on a scale of 1–5, weighed against the others by its weight. An admin edits them
 * in the sluice settings (`updateSluice`); a sluice without criteria has no scoring.
 */
export interface Criterion {
  /** Stable id the scores refer to; derived from the name when the admin gives none. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Whole number 1–10: how much the criterion counts against the others. */
  readonly weight: number;
}

/** The scale of one score. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const CRITERIA_LIMITS = {
  criteria: 20,
  name: 80,
  description: 300,
  weight: 10,
  id: 40,
} as const;

/** A criterion as an admin sends it: the id may be left out. */
export type CriterionInput = Omit<Criterion, 'id'> & { readonly id?: string };

/** The id of a criterion the admin gave no id: the same for the same name. */
export function criterionId(name: string): string {
  return `c-${createHash('sha256').update(name.toLocaleLowerCase('sv')).digest('hex').slice(0, 12)}`;
}

/** Trims the texts and gives every criterion an id. */
export function cleanCriteria(input: readonly CriterionInput[]): Criterion[] {
  return input.map((c) => {
    const name = cleanText(c.name);
    const description = cleanText(c.description ?? '');
    return {
      id: c.id?.trim() || criterionId(name),
      name,
      ...(description ? { description } : {}),
      weight: c.weight,
    };
  });
}

export type CriteriaProblem =
  | { readonly field: string; readonly code: 'required' | 'duplicate' }
  | { readonly field: string; readonly code: 'tooLong' | 'tooMany' | 'notANumber'; readonly limit: number };

/** Every problem of (cleaned) criteria, each naming its field relative to `criteria`. */
export function checkCriteria(criteria: readonly Criterion[]): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  const L = CRITERIA_LIMITS;
  const length = (v: string): number => [...v].length;
  if (criteria.length > L.criteria) problems.push({ field: '', code: 'tooMany', limit: L.criteria });
  const ids = new Set<string>();
  const names = new Set<string>();
  criteria.forEach((c, i) => {
    if (!c.name) problems.push({ field: `${i}.name`, code: 'required' });
    else if (length(c.name) > L.name) problems.push({ field: `${i}.name`, code: 'tooLong', limit: L.name });
    else if (names.has(c.name.toLocaleLowerCase('sv'))) problems.push({ field: `${i}.name`, code: 'duplicate' });
    else names.add(c.name.toLocaleLowerCase('sv'));
    if (length(c.id) > L.id) problems.push({ field: `${i}.id`, code: 'tooLong', limit: L.id });
    else if (ids.has(c.id)) problems.push({ field: `${i}.id`, code: 'duplicate' });
    else ids.add(c.id);
    if (c.description && length(c.description) > L.description)
      problems.push({ field: `${i}.description`, code: 'tooLong', limit: L.description });
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > L.weight)
      problems.push({ field: `${i}.weight`, code: 'notANumber', limit: L.weight });
  });
  return problems;
}

/**
 * The weighted score 0–100 of one coach's scores: each criterion's score on 1–5 maps to 0–100
 * (1 → 0, 5 → 100) and counts by its weight. Criteria the coach left unscored are left out; no
 * score at all gives undefined.
 */
export function weightedScore(criteria: readonly Criterion[], scores: Readonly<Record<string, number>>): number | undefined {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores[c.id];
    if (s === undefined) continue;
    sum += ((s - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) * 100 * c.weight;
    weights += c.weight;
  }
  return weights === 0 ? undefined : Math.round(sum / weights);
}
