import type { Locale } from '../../domain/stages';
import { translator } from '../strings';

/** The monthly report card and the "rapportkanal" command, in Swedish and English. */
const sv = {
  'card.heading': 'Månadsrapport · {sluice}',
  'card.title': 'Så gick det i {month}',
  'card.intro': 'Idéslussens siffror för {month}. Inom parentes: förändringen mot {previous}.',
  'funnel.submitted': 'Inlämnade idéer',
  'funnel.taken': 'Tagna av en coach',
  'funnel.reached': 'Nådde {stage}',
  'funnel.closed': 'Avslutade',
  'implemented.heading': 'Införda idéer och deras effekter ({count})',
  'implemented.none': 'Ingen idé infördes i {month}.',
  'implemented.noEffects': 'Inga effekter registrerade.',
  'implemented.more': '… och {count} till: se Statistik.',
  'closed.heading': 'Avslutade idéer, efter hur och var de avslutades',
  'closed.none': 'Ingen idé avslutades i {month}.',
  'closed.declined': 'Avböjda av en coach, från {stage}',
  'closed.withdrawn': 'Återtagna av idégivaren, från {stage}',
  'card.definition':
    'Räknat ur idéernas historik: varje idé räknas en gång per steg, i den månad den först nådde steget. Inga namn på personer visas.',
  'card.link': 'Öppna Statistik',
  'channel.set':
    'Klart! Den här kanalen får nu månadsrapporten för {sluice} den första arbetsdagen i varje månad kl. 08.00. Den första kommer {date}.',
  'channel.notChannel': 'Skriv **@Idéslussen rapportkanal** i den kanal i ett team där månadsrapporten ska postas.',
  'channel.forbidden': 'Bara idéslussens administratörer kan välja rapportkanal.',
  'channel.noSluice': 'Din organisation har ingen idésluss ännu.',
  'channel.busy': 'Någon ändrade idéslussen samtidigt. Försök igen om en stund.',
} as const;

type Key = keyof typeof sv;

const en: Record<Key, string> = {
  'card.heading': 'Monthly report · {sluice}',
  'card.title': 'How {month} went',
  'card.intro': "The sluice's figures for {month}. In brackets: the change against {previous}.",
  'funnel.submitted': 'Ideas handed in',
  'funnel.taken': 'Taken by a coach',
  'funnel.reached': 'Reached {stage}',
  'funnel.closed': 'Closed',
  'implemented.heading': 'Implemented ideas and their effects ({count})',
  'implemented.none': 'No idea was implemented in {month}.',
  'implemented.noEffects': 'No effects recorded.',
  'implemented.more': '… and {count} more: see Statistics.',
  'closed.heading': 'Closed ideas, by how and where they were closed',
  'closed.none': 'No idea was closed in {month}.',
  'closed.declined': 'Declined by a coach, from {stage}',
  'closed.withdrawn': 'Withdrawn by the giver, from {stage}',
  'card.definition':
    "Counted from the ideas' histories: each idea counts once per step, in the month it first reached that step. No names of people are shown.",
  'card.link': 'Open Statistics',
  'channel.set':
    'Done! This channel now gets the monthly report of {sluice} on the first working day of each month at 08:00. The first comes on {date}.',
  'channel.notChannel': 'Type **@Idéslussen report channel** in the team channel where the monthly report should be posted.',
  'channel.forbidden': "Only the sluice's admins can choose the report channel.",
  'channel.noSluice': 'Your organisation has no idea sluice yet.',
  'channel.busy': 'Someone changed the sluice at the same time. Please try again in a moment.',
};

export const reportText = translator<Key>({ sv, en });

/** A month (`YYYY-MM`) as people write it: "november 2026", "November 2026". */
export function monthName(locale: Locale, month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 15)),
  );
}
