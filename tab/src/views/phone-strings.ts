import type { Locale } from '../../../bot/src/api/contracts';
import { useUi } from '../context';

/** The texts of the board at phone width, Swedish first. */
const sv = {
  filterButton: 'Filter',
  activeFilters: (n: number) => (n === 0 ? 'inga aktiva' : n === 1 ? '1 aktivt' : `${n} aktiva`),
  filtersTitle: 'Filtrera idéerna',
  showIdeas: (n: number | undefined) => (n === undefined ? 'Visa idéerna' : n === 1 ? 'Visa 1 idé' : `Visa ${n} idéer`),
  stageTabs: 'Steg på idétavlan',
  notADate: 'Det är inget datum. Skriv t.ex. 2026-12-02 eller 2 dec. 2026, eller välj i kalendern.',
};

export type PhoneStrings = typeof sv;

const en: PhoneStrings = {
  filterButton: 'Filter',
  activeFilters: (n) => (n === 0 ? 'none active' : `${n} active`),
  filtersTitle: 'Filter the ideas',
  showIdeas: (n) => (n === undefined ? 'Show the ideas' : n === 1 ? 'Show 1 idea' : `Show ${n} ideas`),
  stageTabs: 'Stages of the board',
  notADate: 'That is not a date. Type e.g. 2026-12-02 or 2 Dec 2026, or pick it in the calendar.',
};

const PHONE_STRINGS: Readonly<Record<Locale, PhoneStrings>> = { sv, en };

/** The phone layout's texts in the tab's language, and the shared ones. */
export function usePhoneStrings(): { p: PhoneStrings } & ReturnType<typeof useUi> {
  const ui = useUi();
  return { ...ui, p: PHONE_STRINGS[ui.locale] };
}
