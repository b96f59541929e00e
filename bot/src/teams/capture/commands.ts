import type { GiverCommand } from '../../domain/capture-machine';
import type { DraftField } from '../../domain/draft';
import { parseShortcut } from '../../domain/draft';

/** What a typed message asks for, when it is one of the bot's words rather than an answer. */
export type CaptureCommand = GiverCommand;

const CANCEL = ['avbryt', 'cancel', 'stopp', 'stop', 'avsluta'];
const NEW_IDEA = ['ny idé', 'ny ide', 'ny idè', 'new idea', 'ny idé tack', 'jag har en idé', 'i have an idea'];
const MINE = ['mina idéer', 'mina ideer', 'mina idèer', 'my ideas'];
const HELP = ['hjälp', 'hjalp', 'help', '?'];
const YES = ['ja', 'j', 'japp', 'jo', 'yes', 'y', 'ja, börja om', 'yes, start over'];
const NO = ['nej', 'n', 'no', 'nej, fortsätt', 'no, continue'];
const SUBMIT = ['skicka', 'skicka in', 'submit', 'send'];
const EDIT = ['ändra', 'andra', 'edit', 'change'];

/** Words for each question, as in "ändra rubrik" / "edit title". */
const FIELD_WORDS: Readonly<Record<DraftField, readonly string[]>> = {
  title: ['rubrik', 'rubriken', 'titel', 'titeln', 'title'],
  need: ['behov', 'behovet', 'problem', 'problemet', 'need'],
  idea: ['idé', 'ide', 'idén', 'iden', 'idea', 'lösning', 'lösningen'],
  beneficiaries: ['nytta', 'vem', 'gynnas', 'målgrupp', 'beneficiaries', 'who', 'benefit', 'benefits'],
  department: ['förvaltning', 'förvaltningen', 'forvaltning', 'avdelning', 'bolag', 'department'],
};

/** Lower-case, composed, single-spaced, without surrounding punctuation: what commands are compared on. */
export function normaliseCommand(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .toLocaleLowerCase('sv')
    .replace(/\s+/g, ' ')
    .replace(/^[\s"'”“]+|[\s.!"'”“]+$/g, '')
    .trim();
}

/**
 * Recognises the bot's own words in a message. Words that only make sense at a certain point
 * (yes/no, submit, edit) are recognised here and interpreted by the caller where they apply;
 * everywhere else they are answers like any other text.
 */
export function commandOf(text: string): CaptureCommand | undefined {
  const shortcut = parseShortcut(text);
  if (shortcut !== undefined) return shortcut.length > 0 ? { kind: 'shortcut', text: shortcut } : { kind: 'newIdea' };
  const word = normaliseCommand(text);
  if (CANCEL.includes(word)) return { kind: 'cancel' };
  if (NEW_IDEA.includes(word)) return { kind: 'newIdea' };
  if (MINE.includes(word)) return { kind: 'mine' };
  if (HELP.includes(word)) return { kind: 'help' };
  if (YES.includes(word)) return { kind: 'yes' };
  if (NO.includes(word)) return { kind: 'no' };
  if (SUBMIT.includes(word)) return { kind: 'submit' };
  const [first, ...rest] = word.split(' ');
  if (first !== undefined && EDIT.includes(first)) {
    if (rest.length === 0) return { kind: 'edit' };
    const field = (Object.keys(FIELD_WORDS) as DraftField[]).find((f) => rest.some((w) => FIELD_WORDS[f].includes(w)));
    if (field) return { kind: 'edit', field };
  }
  return undefined;
}
