import type { Locale } from '../domain/stages';

/**
 * Everything the bot says, in Swedish (the default) and English (when Teams' locale is
 * English). `{name}` placeholders are filled by {@link t}; values are inserted as given, so
 * callers escape user text for markdown first where the string goes into a card.
 */
const sv = {
  'error.generic': 'Oj, något gick fel hos mig. Inget av det du skrivit har försvunnit — försök gärna igen om en stund.',
  'welcome.title': 'Välkommen till {sluice}!',
  'welcome.line1': 'Här kan alla medarbetare och chefer lämna en idé eller ett problem som borde lösas — tidigt, utan formulär.',
  'welcome.line2': 'En idécoach tar emot din idé, pratar med dig och hjälper dig att testa den. Du ser hela tiden var idén är.',
  'welcome.line3': 'Skriv **ny idé** för att börja, eller **idé:** följt av din idé på en rad.',
  'welcome.start': 'Lämna en idé',
  'welcome.help': 'Vad kan du?',
  'help.title': 'Det här kan jag',
  'help.newIdea': '**ny idé** – jag hjälper dig att beskriva din idé, en fråga i taget',
  'help.shortcut': '**idé:** din idé – lämna en idé direkt på en rad',
  'help.mine': '**mina idéer** – se dina idéer, var de är och vem som coachar',
  'help.myData': '**mina uppgifter** – se vad Idéslussen har sparat om dig',
  'help.cancel': '**avbryt** – avbryt det vi håller på med',
  'help.mention': 'I en kanal eller gruppchatt: nämn **@Idéslussen** och skriv din idé, så fortsätter vi i vår privata chatt',
  'help.help': '**hjälp** – visar den här listan',
  'help.public': 'Bra att veta: idéer är allmänna handlingar i kommunen och lämnas inte anonymt.',
  'help.privacy': 'Så behandlas personuppgifter',
  'help.accessibility': 'Tillgänglighetsredogörelse',
  'unknown.pointer': 'Jag är inte säker på vad du menar. Skriv **ny idé** för att lämna en idé, eller **hjälp** för att se vad jag kan.',
  'unsupported.attachment': 'Jag kan tyvärr inte läsa bilder eller filer. Beskriv gärna din idé med text i stället.',
  'unsupported.activity': 'Det där kan jag tyvärr inte ta emot. Skriv till mig med text, så hjälper jag dig.',
  'card.stale': 'Det här kortet är inte längre aktuellt. Skriv **mina idéer** för att se hur det går.',
  'answer.sent': 'Tack! Jag har skickat det du skrev som svar på frågan om idé #{number} ”{title}” till {coach}.',
  'answer.which':
    'Idécoacherna väntar på svar om flera av dina idéer ({numbers}). Svara med knappen på frågekortet för den idé det gäller, eller under Mina idéer i fliken.',
  'answer.tooLong': 'Svaret får vara högst {limit} tecken. Korta det gärna och skicka igen.',
  'sender.unknown':
    'Jag kan inte se vem du är eller vilken organisation du tillhör, så jag kan inte ta emot det här. Skriv till mig i Microsoft Teams.',
} as const;

export type StringKey = keyof typeof sv;

const en: Record<StringKey, string> = {
  'error.generic': 'Oops, something went wrong on my side. Nothing you wrote is lost — please try again in a moment.',
  'welcome.title': 'Welcome to {sluice}!',
  'welcome.line1': 'Every employee and manager can hand in an idea, or a problem that ought to be solved — early, with no forms.',
  'welcome.line2': 'An idea coach picks up your idea, talks with you and helps you test it. You always see where your idea is.',
  'welcome.line3': 'Type **new idea** to start, or **idea:** followed by your idea on one line.',
  'welcome.start': 'Hand in an idea',
  'welcome.help': 'What can you do?',
  'help.title': 'What I can do',
  'help.newIdea': '**new idea** – I help you describe your idea, one question at a time',
  'help.shortcut': '**idea:** your idea – hand in an idea in one line',
  'help.mine': '**my ideas** – see your ideas, where they are and who coaches them',
  'help.myData': '**my data** – see what Idéslussen has stored about you',
  'help.cancel': '**cancel** – stop what we are doing',
  'help.mention': 'In a channel or group chat: mention **@Idéslussen** with your idea and we continue in our private chat',
  'help.help': '**help** – shows this list',
  'help.public': 'Good to know: ideas are public records in the municipality and are not anonymous.',
  'help.privacy': 'How personal data is processed',
  'help.accessibility': 'Accessibility statement',
  'unknown.pointer': "I'm not sure what you mean. Type **new idea** to hand in an idea, or **help** to see what I can do.",
  'unsupported.attachment': "Sorry, I can't read pictures or files. Please describe your idea in text instead.",
  'unsupported.activity': "Sorry, I can't take that. Write to me in text and I'll help you.",
  'card.stale': 'This card is no longer current. Type **my ideas** to see how things are going.',
  'answer.sent': 'Thank you! I have sent what you wrote to {coach} as your answer to the question about idea #{number} "{title}".',
  'answer.which':
    'The idea coaches are waiting for answers about several of your ideas ({numbers}). Answer with the button on the question card of the idea it is about, or under My ideas in the tab.',
  'answer.tooLong': 'The answer may be at most {limit} characters. Please shorten it and send it again.',
  'sender.unknown':
    "I can't tell who you are or which organisation you belong to, so I can't take this. Please write to me in Microsoft Teams.",
};

/** A lookup of one feature's strings: the locale's text for `key` with its `{placeholders}` filled. */
export type Translate<K extends string> = (locale: Locale, key: K, values?: Record<string, string | number>) => string;

/** Makes the lookup for a feature's Swedish and English dictionaries (each feature keeps its own). */
export function translator<K extends string>(dictionaries: Record<Locale, Record<K, string>>): Translate<K> {
  return (locale, key, values = {}) =>
    dictionaries[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** Looks up a string of the bot's basics (welcome, help, errors) in the locale and fills its `{placeholders}`. */
export const t: Translate<StringKey> = translator<StringKey>({ sv, en });
