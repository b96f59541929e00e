import { translator, type Translate } from '../strings';

/**
 * What "Sök idéer" (the message extension's search) and the link previews say, in Swedish (the
 * default) and English. Values are inserted as given: callers escape user text first.
 */
const sv = {
  'card.heading': 'Idé #{number} i {sluice}',
  'card.stage': 'Steg',
  'card.department': 'Förvaltning',
  'card.municipality': 'Kommun',
  'card.need': 'Behov',
  'preview.text': '{stage} · {department}',
  noSluice: 'Din organisation har ingen idésluss i Idéslussen ännu, så det finns inga idéer att söka bland.',
  nothing: 'Inga idéer i {sluice} matchar "{query}". Pröva andra ord, eller idéns nummer (#12).',
  failed: 'Sökningen gick inte att göra just nu. Försök igen om en stund.',
} as const;

export type SearchStringKey = keyof typeof sv;

const en: Record<SearchStringKey, string> = {
  'card.heading': 'Idea #{number} in {sluice}',
  'card.stage': 'Stage',
  'card.department': 'Department',
  'card.municipality': 'Municipality',
  'card.need': 'Need',
  'preview.text': '{stage} · {department}',
  noSluice: 'Your organisation has no idea sluice in Idéslussen yet, so there are no ideas to search.',
  nothing: 'No ideas in {sluice} match "{query}". Try other words, or the idea\'s number (#12).',
  failed: 'The search could not be made just now. Please try again in a moment.',
};

/** Looks up a search string in the locale and fills its `{placeholders}`. */
export const st: Translate<SearchStringKey> = translator<SearchStringKey>({ sv, en });
