import type { Locale } from '../../../../bot/src/api/contracts';

/** Texts of the people picker (search as you type), Swedish first; loaded with the Administration view. */
const sv = {
  placeholder: 'Skriv minst två bokstäver av ett namn',
  searching: 'Söker…',
  found: (n: number) => (n === 1 ? '1 person hittades.' : `${n} personer hittades.`),
  none: 'Ingen hittades.',
  already: 'redan tillagd',
  off: 'Katalogen (Microsoft Graph) är inte ansluten: du ser bara personer som Idéslussen redan känner (idécoacher och de som lämnat idéer).',
  unavailable:
    'Katalogen går inte att söka i just nu: du ser bara personer som Idéslussen redan känner (idécoacher och de som lämnat idéer).',
  failed: 'Sökningen gick inte att göra just nu. Försök igen om en stund.',
  added: (name: string) => `${name} lades till. Spara ändringarna för att behålla det.`,
};

export type PeoplePickerStrings = typeof sv;

const en: PeoplePickerStrings = {
  placeholder: 'Type at least two letters of a name',
  searching: 'Searching…',
  found: (n) => (n === 1 ? '1 person found.' : `${n} people found.`),
  none: 'Nobody found.',
  already: 'already added',
  off: 'The directory (Microsoft Graph) is not connected: you see only people Idéslussen already knows (idea coaches and people who handed in ideas).',
  unavailable:
    'The directory cannot be searched right now: you see only people Idéslussen already knows (idea coaches and people who handed in ideas).',
  failed: 'The search could not be made right now. Please try again in a moment.',
  added: (name) => `${name} was added. Save the changes to keep it.`,
};

export const PEOPLE_PICKER_STRINGS: Record<Locale, PeoplePickerStrings> = { sv, en };
