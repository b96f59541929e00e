import { translator } from '../strings';

/** What the bot says for "mina uppgifter" / "my data", in Swedish (the default) and English. */
const sv = {
  'myData.heading': 'Mina uppgifter i {sluice}',
  'myData.intro': 'Det här har Idéslussen sparat om dig, den {date}:',
  'myData.nothingElse': 'Inget annat är sparat om dig.',
  'myData.nothing': 'Inget är sparat om dig här.',
  'myData.openHint': 'Under Mina uppgifter i fliken ser du varje uppgift med datum och kan ladda ned allt som JSON.',
  'myData.logged': 'Att du har tittat på dina uppgifter står i granskningsloggen, som varje utlämnande av personuppgifter.',
  'myData.open': 'Öppna Mina uppgifter',
  'myData.personal':
    'Dina uppgifter visar jag bara för dig. Skriv **mina uppgifter** till mig i vår privata chatt, eller öppna Mina uppgifter i Idéslussens flik.',
  'myData.noSluice':
    'Din organisation är inte med i någon idésluss här ännu, så jag har inga idéer eller annat sparat om dig — bara hur jag når dig i chatten.',
} as const;

export type MyDataStringKey = keyof typeof sv;

const en: Record<MyDataStringKey, string> = {
  'myData.heading': 'My data in {sluice}',
  'myData.intro': 'This is what Idéslussen has stored about you, on {date}:',
  'myData.nothingElse': 'Nothing else is stored about you.',
  'myData.nothing': 'Nothing is stored about you here.',
  'myData.openHint': 'Under My data in the tab you see every item with its date and can download all of it as JSON.',
  'myData.logged': 'That you looked at your data is written in the audit log, like every handing out of personal data.',
  'myData.open': 'Open My data',
  'myData.personal': 'I show your data only to you. Write **my data** to me in our private chat, or open My data in the Idéslussen tab.',
  'myData.noSluice':
    'Your organisation is not part of an idea sluice here yet, so I keep no ideas or anything else about you — only how to reach you in chat.',
};

export const myDataText = translator<MyDataStringKey>({ sv, en });
