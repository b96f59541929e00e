import type { Locale } from '../../../../bot/src/api/contracts';

/** The texts of Bedömning in the idea panel, the criteria editor and the board card's badge, Swedish first. */
const sv = {
  heading: 'Bedömning',
  intro: 'Bara idécoacher och administratörer ser bedömningen. Varje kriterium bedöms från 1 (svagt) till 5 (starkt).',
  noCriteria: 'Idéslussen har inga bedömningskriterier än. En administratör lägger till dem under Administration.',
  notTaken: 'Idén bedöms från Idésamtal, när en idécoach har tagit den.',
  closed: 'Idén är avslutad och tar inte emot nya bedömningar. Öppna den igen för att bedöma den.',
  notNow: 'Idén tar inte emot bedömningar i sitt steg just nu, så bedömningen sparades inte.',
  weighted: (n: number, coaches: number) =>
    `Viktad poäng: ${n} av 100 (${coaches === 1 ? 'en idécoachs bedömning' : `medel av ${coaches} idécoachers bedömningar`}).`,
  noScore: 'Ingen har bedömt idén än.',
  weight: (w: number) => `vikt ${w}`,
  form: 'Din bedömning',
  scale: (n: number) => ['', '1 – svagt', '2', '3', '4', '5 – starkt'][n] ?? String(n),
  unscored: 'Ej bedömt',
  save: 'Spara bedömning',
  saved: 'Din bedömning är sparad.',
  chooseOne: 'Välj en poäng för minst ett kriterium.',
  changedCriteria: 'Kriterierna ändrades medan du bedömde. De nya visas nu; gör din bedömning igen.',
  refusedNoCriteria: 'Idéslussen har inte längre några bedömningskriterier, så bedömningen sparades inte.',
  invalid: (names: string) => `Det gick inte att spara: kontrollera ${names}.`,
  sheets: 'Idécoachernas bedömningar',
  sheet: (name: string, weighted: number | undefined) =>
    weighted === undefined ? `${name}: ingen poäng på dagens kriterier` : `${name}: ${weighted} av 100`,
  scoredAt: 'bedömd',
  yours: '(du)',
  cardScore: (n: number) => `Poäng ${n}`,
  cardScoreLabel: (n: number) => `Viktad poäng ${n} av 100`,
};

export type ScoringStrings = { readonly [K in keyof typeof sv]: (typeof sv)[K] };

const en: ScoringStrings = {
  heading: 'Assessment',
  intro: 'Only idea coaches and admins see the assessment. Each criterion is scored from 1 (weak) to 5 (strong).',
  noCriteria: 'The sluice has no evaluation criteria yet. An admin adds them under Administration.',
  notTaken: 'The idea is scored from the first talk on, once an idea coach has taken it.',
  closed: 'The idea is closed and takes no new assessments. Reopen it to score it.',
  notNow: 'The idea takes no assessments at its stage right now, so the assessment was not saved.',
  weighted: (n, coaches) =>
    `Weighted score: ${n} of 100 (${coaches === 1 ? "one coach's assessment" : `mean of ${coaches} coaches' assessments`}).`,
  noScore: 'Nobody has scored the idea yet.',
  weight: (w) => `weight ${w}`,
  form: 'Your assessment',
  scale: (n) => ['', '1 – weak', '2', '3', '4', '5 – strong'][n] ?? String(n),
  unscored: 'Not scored',
  save: 'Save assessment',
  saved: 'Your assessment is saved.',
  chooseOne: 'Choose a score for at least one criterion.',
  changedCriteria: 'The criteria changed while you were scoring. The new ones are shown now; score again.',
  refusedNoCriteria: 'The sluice no longer has evaluation criteria, so the assessment was not saved.',
  invalid: (names) => `Could not save: check ${names}.`,
  sheets: "The coaches' assessments",
  sheet: (name, weighted) => (weighted === undefined ? `${name}: no score on today's criteria` : `${name}: ${weighted} of 100`),
  scoredAt: 'scored',
  yours: '(you)',
  cardScore: (n) => `Score ${n}`,
  cardScoreLabel: (n) => `Weighted score ${n} of 100`,
};

export const SCORING_STRINGS: Readonly<Record<Locale, ScoringStrings>> = { sv, en };
