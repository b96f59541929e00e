import { cleanText, type Effect } from './idea';
import type { Locale } from './stages';

/** Limits of an implemented idea's effects, shared by the card, the tab and the API. */
export const EFFECT_LIMITS = {
  /** Effects per idea. */
  count: 5,
  forWhom: 200,
  change: 1000,
  unit: 40,
  /** The largest figure taken, either sign (a saving can be recorded as a negative cost). */
  amount: 1_000_000_000,
} as const;

/** One refused part of an effect, named by its path in the request (`effects.0.forWhom`). */
export interface EffectProblem {
  readonly field: string;
  readonly problem: 'empty' | 'tooLong' | 'invalid';
  readonly limit?: number;
}

/** An effect as a person typed it: every part may be missing or blank. */
export interface EffectInput {
  readonly forWhom?: string;
  readonly change?: string;
  readonly amount?: number;
  readonly unit?: string;
}

/**
 * Checks and cleans the effects a coach records when moving an idea to Införd: each needs for
 * whom and what changed; a figure needs its unit and a unit its figure. Rows left wholly empty
 * are dropped; at least one effect is required.
 */
export function checkEffects(
  raw: readonly EffectInput[] | undefined,
): { ok: true; effects: Effect[] } | { ok: false; problems: EffectProblem[] } {
  const rows = (raw ?? []).map((e) => ({
    forWhom: cleanText(e.forWhom ?? ''),
    change: cleanText(e.change ?? ''),
    unit: cleanText(e.unit ?? ''),
    amount: e.amount,
  }));
  const kept = rows.map((r, index) => ({ ...r, index })).filter((r) => r.forWhom || r.change || r.unit || r.amount !== undefined);
  if (kept.length === 0) return { ok: false, problems: [{ field: 'effects.0.forWhom', problem: 'empty' }] };
  if (kept.length > EFFECT_LIMITS.count)
    return { ok: false, problems: [{ field: 'effects', problem: 'tooLong', limit: EFFECT_LIMITS.count }] };
  const problems: EffectProblem[] = [];
  const effects: Effect[] = [];
  for (const r of kept) {
    const at = `effects.${r.index}`;
    const text = (name: 'forWhom' | 'change', value: string): void => {
      if (!value) problems.push({ field: `${at}.${name}`, problem: 'empty' });
      else if ([...value].length > EFFECT_LIMITS[name])
        problems.push({ field: `${at}.${name}`, problem: 'tooLong', limit: EFFECT_LIMITS[name] });
    };
    text('forWhom', r.forWhom);
    text('change', r.change);
    if (r.amount !== undefined && (!Number.isFinite(r.amount) || Math.abs(r.amount) > EFFECT_LIMITS.amount))
      problems.push({ field: `${at}.amount`, problem: 'invalid', limit: EFFECT_LIMITS.amount });
    else if (r.amount !== undefined && !r.unit) problems.push({ field: `${at}.unit`, problem: 'empty' });
    if (r.unit && r.amount === undefined) problems.push({ field: `${at}.amount`, problem: 'empty' });
    if ([...r.unit].length > EFFECT_LIMITS.unit) problems.push({ field: `${at}.unit`, problem: 'tooLong', limit: EFFECT_LIMITS.unit });
    effects.push({
      forWhom: r.forWhom,
      change: r.change,
      ...(r.amount !== undefined && r.unit ? { amount: r.amount, unit: r.unit } : {}),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, effects };
}

/** An effect in one line: "Besökare: kortare kö (12 timmar per vecka)". Plain text; escape it for cards. */
export function effectLine(effect: Effect, locale: Locale): string {
  const figure =
    effect.amount !== undefined
      ? ` (${effect.amount.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB')}${effect.unit ? ` ${effect.unit}` : ''})`
      : '';
  return `${effect.forWhom}: ${effect.change}${figure}`;
}
