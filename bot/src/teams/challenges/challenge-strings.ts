import type { Locale } from '../../domain/stages';
import { translator } from '../strings';

/** What the challenge cards and the chat say about challenges, in Swedish and English. */
const sv = {
  'card.heading': 'Utmaning · {sluice}',
  'card.department': 'Behovet ägs av',
  'card.openUntil': 'Öppen till och med',
  'card.open': 'Har du en idé? Svara med en idé, så fortsätter vi i din chatt med Idéslussen.',
  'card.answer': 'Svara med en idé',
  'card.closed': 'Utmaningen är stängd och tar inte emot fler idéer.',
  'summary.heading': 'Utmaningen är stängd',
  'summary.intro.none': 'Inga idéer kom in till utmaningen.',
  'summary.intro.one': '1 idé kom in till utmaningen. Så här långt har den kommit:',
  'summary.intro.many': '{count} idéer kom in till utmaningen. Så här långt har de kommit:',
  'summary.more': '… och {count} till: se Utmaningar i fliken.',
} as const;

type Key = keyof typeof sv;

const en: Record<Key, string> = {
  'card.heading': 'Challenge · {sluice}',
  'card.department': 'The need is owned by',
  'card.openUntil': 'Open until',
  'card.open': 'Have an idea? Answer with an idea, and we go on in your chat with Idéslussen.',
  'card.answer': 'Answer with an idea',
  'card.closed': 'The challenge is closed and takes no more ideas.',
  'summary.heading': 'The challenge is closed',
  'summary.intro.none': 'No ideas came in for the challenge.',
  'summary.intro.one': '1 idea came in for the challenge. This is how far it has come:',
  'summary.intro.many': '{count} ideas came in for the challenge. This is how far they have come:',
  'summary.more': '… and {count} more: see Challenges in the tab.',
};

export const challengeText = translator<Key>({ sv, en });

/** A day (`YYYY-MM-DD`) as people write it: "31 januari 2027", "31 January 2027". */
export function dayName(locale: Locale, date: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}
