import type { Locale } from '../../../bot/src/api/contracts';

/** The texts of "Från länkade idéslussar", Swedish first; loaded with the view. */
const sv = {
  intro:
    'Idéer som andra idéslussar har testat, infört eller avslutat, med effekterna och skälen. Er sluss är länkad med dem för att ni ska kunna lära av varandra. Idéerna går bara att läsa.',
  loading: 'Hämtar idéerna…',
  filtersLabel: 'Filtrera idéerna från länkade idéslussar',
  sluice: 'Idésluss',
  allSluices: 'Alla länkade idéslussar',
  stage: 'Steg',
  allStages: 'Testas, införd och avslutad',
  search: 'Sök i titel, behov och idé',
  searchButton: 'Sök',
  notLinked: 'Er idésluss är inte länkad med någon annan idésluss än.',
  notLinkedHint: 'En administratör av slussen kan be en annan idésluss om en länk under Administration.',
  nothingYet: 'De länkade idéslussarna har inga testade, införda eller avslutade idéer än.',
  nothingMatches: 'Inga idéer matchar filtret.',
  count: (n: number, more: boolean) => (more ? `De ${n} senaste idéerna visas.` : n === 1 ? '1 idé.' : `${n} idéer.`),
  more: 'Det finns fler idéer. Välj en idésluss, ett steg eller sök för att se dem.',
  listLabel: 'Idéer från länkade idéslussar',
  from: (municipality: string, sluice: string) => (municipality === sluice ? `Från ${sluice}` : `Från ${municipality} (${sluice})`),
  department: 'Förvaltning',
  need: 'Behov',
  idea: 'Idé',
  effects: 'Effekter',
  reasonClosed: 'Varför idén avslutades',
  reasonOther: 'Idécoachens kommentar',
  since: (when: string) => `sedan ${when}`,
  number: (n: number) => `deras nr ${n}`,
};

export type LinkedStrings = typeof sv;

const en: LinkedStrings = {
  intro:
    'Ideas that other idea sluices have tested, implemented or closed, with their effects and reasons. Your sluice is linked with them so that you can learn from each other. The ideas are read-only.',
  loading: 'Loading the ideas…',
  filtersLabel: 'Filter the ideas from linked idea sluices',
  sluice: 'Idea sluice',
  allSluices: 'All linked idea sluices',
  stage: 'Stage',
  allStages: 'Tested, implemented and closed',
  search: 'Search title, need and idea',
  searchButton: 'Search',
  notLinked: 'Your idea sluice is not linked with any other idea sluice yet.',
  notLinkedHint: 'An admin of the sluice can ask another idea sluice for a link under Administration.',
  nothingYet: 'The linked idea sluices have no tested, implemented or closed ideas yet.',
  nothingMatches: 'No ideas match the filter.',
  count: (n, more) => (more ? `The ${n} latest ideas are shown.` : n === 1 ? '1 idea.' : `${n} ideas.`),
  more: 'There are more ideas. Choose an idea sluice, a stage or search to see them.',
  listLabel: 'Ideas from linked idea sluices',
  from: (municipality, sluice) => (municipality === sluice ? `From ${sluice}` : `From ${municipality} (${sluice})`),
  department: 'Department',
  need: 'Need',
  idea: 'Idea',
  effects: 'Effects',
  reasonClosed: 'Why the idea was closed',
  reasonOther: "The coach's comment",
  since: (when) => `since ${when}`,
  number: (n) => `their no. ${n}`,
};

export const LINKED_STRINGS: Readonly<Record<Locale, LinkedStrings>> = { sv, en };
