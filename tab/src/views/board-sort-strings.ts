import type { Locale } from '../../../bot/src/api/contracts';
import { useUi } from '../context';

/** The texts of the board's challenge filter and score sort, Swedish first. */
const sv = {
  challenge: 'Utmaning',
  allChallenges: 'Alla utmaningar',
  /** The filter's choice while the challenges' titles are not known (still loading, or not to be had). */
  chosenChallenge: 'Vald utmaning',
  sort: 'Sortera',
  sortNewest: 'Nyast först',
  sortScore: 'Högst poäng först',
  showOnBoardShort: 'Visa på idétavlan',
};

type BoardSortStrings = typeof sv;

const en: BoardSortStrings = {
  challenge: 'Challenge',
  allChallenges: 'All challenges',
  chosenChallenge: 'Chosen challenge',
  sort: 'Sort',
  sortNewest: 'Newest first',
  sortScore: 'Highest score first',
  showOnBoardShort: 'Show on the board',
};

const STRINGS: Readonly<Record<Locale, BoardSortStrings>> = { sv, en };

/** The challenge filter's and score sort's texts in the tab's language. */
export function useBoardSortStrings(): BoardSortStrings {
  return STRINGS[useUi().locale];
}
