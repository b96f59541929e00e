import type { Locale } from '../../../bot/src/api/contracts';

/** The texts of "Stöd" and "Jag kan hjälpa till" in the idea panel and on the board's cards, Swedish first. */
const sv = {
  heading: 'Stöd och hjälp',
  count: (n: number) => (n === 1 ? '1 person stödjer idén.' : `${n} personer stödjer idén.`),
  cardCount: (n: number) => (n === 1 ? '1 stödjer' : `${n} stödjer`),
  support: 'Jag stödjer idén',
  supported: 'Du stödjer idén.',
  withdraw: 'Ta tillbaka mitt stöd',
  withdrawn: 'Ditt stöd är borttaget.',
  ownIdea: 'Det här är din egen idé, så du kan inte stödja den eller erbjuda hjälp. Du ser här hur många som stödjer den.',
  closed: 'Idén är avslutad och kan inte få nytt stöd eller nya erbjudanden om hjälp.',
  helpHeading: 'De här vill hjälpa till',
  noHelpers: 'Ingen har erbjudit sig att hjälpa till än.',
  offer: 'Jag kan hjälpa till',
  noteLabel: 'Vad kan du bidra med? (högst 500 tecken)',
  notePlaceholder: 'T.ex. Jag jobbar med samma sak på Tekniska',
  send: 'Skicka erbjudandet',
  sent: 'Tack! Idégivaren och idécoachen har fått ditt erbjudande.',
  offered: 'Du har erbjudit dig att hjälpa till.',
  empty: 'Skriv några ord om hur du kan hjälpa till.',
  tooLong: 'Högst 500 tecken.',
  chat: (name: string) => `Starta gruppchatt med ${name}, idégivaren och idécoachen`,
  missing: (names: string) => `Katalogen känner inte till ${names}; lägg till dem i chatten själv.`,
  noChat: (names: string) =>
    `Gruppchatt kan inte startas härifrån: katalogen (Microsoft Graph) känner inte till ${names}. Skriv till dem i Teams.`,
};

export type SupportStrings = { readonly [K in keyof typeof sv]: (typeof sv)[K] };

const en: SupportStrings = {
  heading: 'Support and help',
  count: (n) => (n === 1 ? '1 person supports the idea.' : `${n} people support the idea.`),
  cardCount: (n) => `${n} support`,
  support: 'I support the idea',
  supported: 'You support the idea.',
  withdraw: 'Take my support back',
  withdrawn: 'Your support is removed.',
  ownIdea: 'This is your own idea, so you cannot support it or offer help. You see here how many support it.',
  closed: 'The idea is closed and takes no new support or offers of help.',
  helpHeading: 'They want to help',
  noHelpers: 'Nobody has offered to help yet.',
  offer: 'I can help',
  noteLabel: 'What can you contribute? (at most 500 characters)',
  notePlaceholder: 'E.g. I work on the same thing at Technical Services',
  send: 'Send the offer',
  sent: 'Thank you! The idea-giver and the idea coach have your offer.',
  offered: 'You have offered to help.',
  empty: 'Write a few words on how you can help.',
  tooLong: 'At most 500 characters.',
  chat: (name) => `Start a group chat with ${name}, the idea-giver and the idea coach`,
  missing: (names) => `The directory does not know ${names}; add them to the chat yourself.`,
  noChat: (names) =>
    `A group chat cannot be started from here: the directory (Microsoft Graph) does not know ${names}. Write to them in Teams.`,
};

export const SUPPORT_STRINGS: Readonly<Record<Locale, SupportStrings>> = { sv, en };
