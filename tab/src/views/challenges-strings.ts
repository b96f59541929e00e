import type { FieldProblem, Locale } from '../../../bot/src/api/contracts';

/** The texts of "Utmaningar", Swedish first; loaded with the view. */
const sv = {
  intro:
    'Utmaningar är behov som idéslussen vill ha idéer till. Svara med en idé från utmaningens kort i Teams, eller skriv ny idé i chatten med Idéslussen och välj utmaningen.',
  loading: 'Hämtar utmaningarna…',
  none: 'Inga utmaningar än.',
  newChallenge: 'Ny utmaning',
  openHeading: (n: number) => `Öppna (${n})`,
  closedHeading: (n: number) => `Stängda (${n})`,
  noneOpen: 'Ingen utmaning är öppen just nu.',
  noneClosed: 'Ingen utmaning har stängts än.',
  listLabel: 'Utmaningar',
  open: 'Öppen',
  closed: 'Stängd',
  openUntil: (day: string) => `öppen till och med ${day}`,
  closedOn: (day: string) => `var öppen till och med ${day}`,
  owner: (name: string) => `Publicerad av ${name}`,
  noIdeas: 'Inga idéer än.',
  ideaCount: (n: number) => (n === 1 ? '1 idé:' : `${n} idéer:`),
  formLabel: 'Ny utmaning',
  title: 'Rubrik',
  need: 'Behovet',
  needHint: 'Några rader om vad som behöver bli bättre, och för vem.',
  department: 'Förvaltningen som äger behovet',
  openUntilLabel: 'Öppen till och med',
  openUntilHint: 'Sista dagen idéer tas emot. Utmaningen stängs av sig själv efter den dagen.',
  channels: 'Posta kortet i kanalerna',
  noChannels: 'Idéslussen känner inga kanaler än. Koppla en coachkanal eller rapportkanal i Teams först.',
  unnamedChannel: 'Namnlös kanal',
  publish: 'Publicera',
  cancel: 'Avbryt',
  published: (title: string) => `Utmaningen ”${title}” är publicerad.`,
  problem: (field: string, p: FieldProblem): string => {
    if (field === 'openUntil')
      return p.problem === 'tooEarly'
        ? 'Dagen har redan varit. Välj i dag eller en senare dag.'
        : p.problem === 'tooLate'
          ? `Välj en dag högst ${p.limit ?? 366} dagar fram.`
          : 'Välj en dag, till exempel 2027-01-31.';
    if (field === 'channels') return 'Välj bland kanalerna i listan (högst 10).';
    if (field === 'department' && p.problem === 'invalid') return 'Välj en av idéslussens förvaltningar.';
    if (p.problem === 'empty') return 'Fyll i det här fältet.';
    if (p.problem === 'tooShort') return `Skriv minst ${p.limit ?? 1} tecken.`;
    if (p.problem === 'tooLong') return `Skriv högst ${p.limit ?? 1} tecken.`;
    return 'Kontrollera fältet.';
  },
};

export type ChallengeStrings = typeof sv;

const en: ChallengeStrings = {
  intro:
    'Challenges are needs the sluice wants ideas for. Answer with an idea from the challenge card in Teams, or write new idea in the chat with Idéslussen and choose the challenge.',
  loading: 'Loading the challenges…',
  none: 'No challenges yet.',
  newChallenge: 'New challenge',
  openHeading: (n: number) => `Open (${n})`,
  closedHeading: (n: number) => `Closed (${n})`,
  noneOpen: 'No challenge is open right now.',
  noneClosed: 'No challenge has closed yet.',
  listLabel: 'Challenges',
  open: 'Open',
  closed: 'Closed',
  openUntil: (day: string) => `open until ${day}`,
  closedOn: (day: string) => `was open until ${day}`,
  owner: (name: string) => `Published by ${name}`,
  noIdeas: 'No ideas yet.',
  ideaCount: (n: number) => (n === 1 ? '1 idea:' : `${n} ideas:`),
  formLabel: 'New challenge',
  title: 'Title',
  need: 'The need',
  needHint: 'A few lines on what needs to get better, and for whom.',
  department: 'Department that owns the need',
  openUntilLabel: 'Open until',
  openUntilHint: 'The last day ideas are taken. The challenge closes by itself after that day.',
  channels: 'Post the card in the channels',
  noChannels: 'Idéslussen knows no channels yet. Set a coach channel or report channel in Teams first.',
  unnamedChannel: 'Unnamed channel',
  publish: 'Publish',
  cancel: 'Cancel',
  published: (title: string) => `The challenge “${title}” is published.`,
  problem: (field: string, p: FieldProblem): string => {
    if (field === 'openUntil')
      return p.problem === 'tooEarly'
        ? 'That day has passed. Choose today or a later day.'
        : p.problem === 'tooLate'
          ? `Choose a day at most ${p.limit ?? 366} days ahead.`
          : 'Choose a day, for example 2027-01-31.';
    if (field === 'channels') return 'Choose among the channels in the list (at most 10).';
    if (field === 'department' && p.problem === 'invalid') return "Choose one of the sluice's departments.";
    if (p.problem === 'empty') return 'Fill in this field.';
    if (p.problem === 'tooShort') return `Write at least ${p.limit ?? 1} characters.`;
    if (p.problem === 'tooLong') return `Write at most ${p.limit ?? 1} characters.`;
    return 'Check the field.';
  },
};

export const CHALLENGE_STRINGS: Readonly<Record<Locale, ChallengeStrings>> = { sv, en };
