import type { Locale } from '../../../../bot/src/api/contracts';

/** "Mina uppgifter" (a person's own data, GDPR art. 15), Swedish first; loaded with the page. */
const sv = {
  intro: (sluice: string, date: string) => `Här är allt Idéslussen har sparat om dig i ${sluice}, den ${date}.`,
  logged: 'Att du har öppnat sidan står i granskningsloggen, som varje utlämnande av personuppgifter. Loggen nämner dig bara med en kod.',
  download: 'Ladda ned som JSON',
  downloaded: 'Filen med dina uppgifter är nedladdad.',
  fileName: (day: string) => `mina-uppgifter-${day}.json`,
  contentsLabel: 'Innehåll',
  count: (n: number) => (n === 1 ? '1 uppgift' : `${n} uppgifter`),
  kindHeading: (label: string, n: number) => `${label} (${n})`,
  noneHeading: 'Inget sparat',
  none: 'Om det här finns inget sparat om dig:',
  nothing: 'Ingenting är sparat om dig i idéslussen.',
  idea: (n: number, title: string) => `Idé #${n} ${title}`,
  noDate: 'Utan datum',
  showStored: 'Visa allt som är sparat',
  rights:
    'Stämmer något inte? Kontakta slussens administratör eller den som står som personuppgiftsansvarig under Så behandlas personuppgifter.',
};

export type MyDataStrings = typeof sv;

const en: MyDataStrings = {
  intro: (sluice, date) => `This is everything Idéslussen has stored about you in ${sluice}, on ${date}.`,
  logged:
    'That you opened this page is written in the audit log, like every handing out of personal data. The log names you only by a code.',
  download: 'Download as JSON',
  downloaded: 'The file with your data has been downloaded.',
  fileName: (day) => `my-data-${day}.json`,
  contentsLabel: 'Contents',
  count: (n) => (n === 1 ? '1 item' : `${n} items`),
  kindHeading: (label, n) => `${label} (${n})`,
  noneHeading: 'Nothing stored',
  none: 'Nothing is stored about you of these kinds:',
  nothing: 'Nothing is stored about you in the idea sluice.',
  idea: (n, title) => `Idea #${n} ${title}`,
  noDate: 'No date',
  showStored: 'Show everything stored',
  rights: 'Is something wrong? Contact the sluice’s administrator or the controller named under How personal data is processed.',
};

export const MY_DATA_STRINGS: Record<Locale, MyDataStrings> = { sv, en };
