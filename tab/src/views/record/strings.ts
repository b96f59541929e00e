import type { Locale } from '../../../../bot/src/api/contracts';

/** The record view's texts (allmän handling), Swedish first; loaded with the view, except the panel's button. */
const sv = {
  title: 'Allmän handling',
  back: 'Tillbaka till tavlan',
  print: 'Skriv ut / Spara som PDF',
  marksNote:
    'Markera de stycken som ska sekretessprövas innan handlingen lämnas ut. Idéslussen bedömer aldrig sekretess: det gör den som prövar utlämnandet. Markeringarna sparas inte – de finns bara i den här webbläsaren tills du lämnar eller laddar om sidan, och följer med när du skriver ut.',
  mark: 'Markera för sekretessprövning',
  marked: 'Markerad för sekretessprövning',
  markedCount: (n: number) =>
    n === 1 ? '1 stycke är markerat för sekretessprövning.' : `${n} stycken är markerade för sekretessprövning.`,
  reference: 'Diarienummer',
  noReference: 'Inget diarienummer (lämnades in innan idéer diariefördes)',
  authority: 'Myndighet',
  receivedOn: 'Inkom',
  giver: 'Idégivare',
  department: 'Förvaltning',
  ideaNumber: 'Idénummer',
  stage: 'Steg nu',
  texts: 'Idén',
  ideaTitle: 'Rubrik',
  need: 'Behov eller problem',
  theIdea: 'Idé',
  beneficiaries: 'Till nytta för',
  course: 'Beslut, frågor och svar',
  noCourse: 'Inga beslut, frågor eller svar ännu.',
  question: 'Fråga',
  answer: 'Svar',
  decision: 'Beslut',
  ratings: 'Idégivarens omdömen',
  rating: (n: number) => `${n} av 5`,
  effects: 'Effekter',
  comments: 'Kommentarer och interna anteckningar',
  comment: 'Kommentar',
  note: 'Intern anteckning',
  hiddenMark: (name: string, reason: string) => `DOLD av ${name}: ${reason}`,
  chainWhole: (n: number) => `Historiken är obruten: alla ${n} händelser är oförändrade sedan de sparades.`,
  chainBroken: (position: number, what: string, when: string) =>
    `Varning: historiken har ändrats utanför Idéslussen. Första ändrade händelsen är nr ${position} (${what}, ${when}); den och allt efter den kan inte styrkas.`,
  chainUnsealed: (position: number, what: string, when: string) =>
    `Varning: historiken har en händelse som inte sparades av Idéslussen: nr ${position} (${what}, ${when}); den och allt efter den kan inte styrkas.`,
  printedFooter: (reference: string) => `${reference} – utskriven ur Idéslussen`,
  notAllowed: 'Bara slussens idécoacher, administratörer och registratorer kan öppna en idé som allmän handling.',
};

export type RecordStrings = typeof sv;

const en: RecordStrings = {
  title: 'Public record',
  back: 'Back to the board',
  print: 'Print / Save as PDF',
  marksNote:
    'Mark the passages to be tried for secrecy before the record is handed out. Idéslussen never decides secrecy: the person who tries the request does. The marks are not saved – they exist only in this browser until you leave or reload the page, and they are printed.',
  mark: 'Mark for secrecy review',
  marked: 'Marked for secrecy review',
  markedCount: (n: number) => (n === 1 ? '1 passage is marked for secrecy review.' : `${n} passages are marked for secrecy review.`),
  reference: 'Reference',
  noReference: 'No reference (handed in before ideas were registered)',
  authority: 'Authority',
  receivedOn: 'Received',
  giver: 'Idea giver',
  department: 'Department',
  ideaNumber: 'Idea number',
  stage: 'Stage now',
  texts: 'The idea',
  ideaTitle: 'Title',
  need: 'Need or problem',
  theIdea: 'Idea',
  beneficiaries: 'Benefits',
  course: 'Decisions, questions and answers',
  noCourse: 'No decisions, questions or answers yet.',
  question: 'Question',
  answer: 'Answer',
  decision: 'Decision',
  ratings: "The giver's ratings",
  rating: (n: number) => `${n} of 5`,
  effects: 'Effects',
  comments: 'Comments and internal notes',
  comment: 'Comment',
  note: 'Internal note',
  hiddenMark: (name: string, reason: string) => `HIDDEN by ${name}: ${reason}`,
  chainWhole: (n: number) => `The history is unbroken: all ${n} events are unchanged since they were stored.`,
  chainBroken: (position: number, what: string, when: string) =>
    `Warning: the history was changed outside Idéslussen. The first changed event is no. ${position} (${what}, ${when}); it and everything after it cannot be vouched for.`,
  chainUnsealed: (position: number, what: string, when: string) =>
    `Warning: the history has an event Idéslussen did not store: no. ${position} (${what}, ${when}); it and everything after it cannot be vouched for.`,
  printedFooter: (reference: string) => `${reference} – printed from Idéslussen`,
  notAllowed: "Only the sluice's idea coaches, admins and registrators can open an idea as a public record.",
};

export const RECORD_STRINGS: Record<Locale, RecordStrings> = { sv, en };
