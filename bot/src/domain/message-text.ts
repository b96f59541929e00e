import { deriveTitle, type AnswerProblem } from './draft';
import { checkIdeaText, cleanText, TEXT_LIMITS, type IdeaText } from './idea';

/**
 * Turning a Teams message into idea text: HTML to plain text, mentions to names, and a title
 * suggested from the first sentence. Pure functions, so the message extension, tests and any
 * later importer (e.g. e-mail) share exactly the same rules.
 */

/** A mention in a message: the number used in `<at id="n">` and who it is. */
export interface MessageMention {
  readonly id: number;
  /** The person's (or app's) display name; shown instead of the text typed after "@". */
  readonly name: string;
  /** Their Entra object id, when known; consecutive parts of one person's mention share it. */
  readonly personId?: string;
}

/** The plain text of a message and what was left out of it. */
export interface MessageText {
  readonly text: string;
  /** The message held pictures (not emoji), which an idea cannot carry. */
  readonly hadImages: boolean;
}

/** Why a message cannot become an idea as it is. */
export type MessageTextProblem =
  /** Only pictures or files, no words. */
  | { readonly problem: 'imageOnly' }
  /** No words at all (e.g. a card from another app). */
  | { readonly problem: 'empty' }
  /** More characters than an idea may hold. */
  | { readonly problem: 'tooLong'; readonly length: number; readonly limit: number };

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  bull: '•',
  euro: '€',
  aring: 'å',
  Aring: 'Å',
  auml: 'ä',
  Auml: 'Ä',
  ouml: 'ö',
  Ouml: 'Ö',
  eacute: 'é',
  Eacute: 'É',
  uuml: 'ü',
  Uuml: 'Ü',
};

/** Decodes HTML character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      // Invalid code points (and NUL) would throw or smuggle control characters in.
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** An attribute's value as written (entities not decoded: the whole text is decoded once, later). */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match?.[1] ?? match?.[2] ?? match?.[3];
}

const stripTags = (html: string): string => html.replace(/<[^>]*>/g, '');

// Private-use characters mark where a mention was, so the text around it is processed like any
// other text and the names are put in last (a name must not be read as HTML).
const MENTION_OPEN = '\ue000';
const MENTION_CLOSE = '\ue001';
/** A `<br>`: one line break each, so two of them make an empty line. */
const LINE = '\ue002';
/** A block boundary (`<div>`, `<li>`, ...): at most one line break, however many meet. */
const SOFT = '\ue003';
/** The end of a paragraph, list or table: an empty line. */
const PARA = '\ue004';

const BLOCK_TAGS = /^(p|div|li|ul|ol|tr|table|h[1-6]|blockquote|pre|section|article|header|footer)$/i;
const PARAGRAPH_ENDS = /^\/(p|ul|ol|table|h[1-6]|blockquote|pre)$/i;

/** Turns each run of break markers into the new lines it stands for. */
function resolveBreaks(text: string): string {
  return text.replace(/[\ue002-\ue004][ \ue002-\ue004]*/g, (run) => {
    if (run.includes(PARA)) return '\n\n';
    const lines = run.split(LINE).length - 1;
    return '\n'.repeat(Math.max(1, lines));
  });
}

/**
 * Turns the HTML of a Teams message into plain text: paragraphs and line breaks become new
 * lines, list items get a dash, links keep their address, emoji keep their character, pictures
 * and attached files are left out (and reported), and every `<at>` mention becomes the
 * mentioned person's name — once, even where Teams splits a full name into several mentions.
 */
export function htmlToPlainText(html: string, mentions: readonly MessageMention[] = []): MessageText {
  let hadImages = false;
  const byId = new Map(mentions.map((m) => [m.id, m]));

  let text = html
    .replace(/[\ue000-\ue004]/g, '')
    // Content that is never shown.
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    // Mentions, before any other tag is touched.
    .replace(/<at\b([^>]*)>([\s\S]*?)<\/at\s*>/gi, (_m, attrs: string, inner: string) => {
      const id = Number.parseInt(attribute(` ${attrs}`, 'id') ?? '', 10);
      return `${MENTION_OPEN}${Number.isInteger(id) && byId.has(id) ? String(id) : `=${stripTags(inner)}`}${MENTION_CLOSE}`;
    })
    // Links: the text, and the address when it says something the text does not.
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_m, attrs: string, inner: string) => {
      const href = attribute(` ${attrs}`, 'href') ?? '';
      const shown = stripTags(inner);
      const plainShown = decodeEntities(shown).trim();
      if (!/^https?:\/\//i.test(href) || plainShown === decodeEntities(href)) return shown;
      return plainShown === '' ? href : `${shown} (${href})`;
    })
    .replace(/<(img|emoji)\b[^>]*>/gi, (tag: string) => {
      const isEmoji = /^<emoji/i.test(tag) || /schema\.skype\.com\/Emoji/i.test(tag);
      if (isEmoji) return attribute(tag, 'alt') ?? '';
      hadImages = true;
      return ' ';
    })
    .replace(/<attachment\b[^>]*>(?:[\s\S]*?<\/attachment\s*>)?/gi, () => {
      hadImages = true;
      return ' ';
    })
    .replace(/<li\b[^>]*>/gi, `${SOFT}- `)
    .replace(/<br\b[^>]*>/gi, LINE)
    .replace(/<hr\b[^>]*>/gi, PARA)
    .replace(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi, (_m, slash: string, name: string) => {
      if (PARAGRAPH_ENDS.test(`${slash}${name}`)) return PARA;
      return BLOCK_TAGS.test(name) ? SOFT : '';
    });

  // White space inside HTML is layout, not content; only the block breaks above are new lines.
  text = text.replace(/[ \t\r\n\f]+/g, ' ');
  text = decodeEntities(text).replace(/\u00a0/g, ' ');
  text = resolveBreaks(text);

  text = resolveMentions(text, byId);
  return { text: tidyLines(text), hadImages };
}

/** Normalises a plain-text message (Teams sends some as text, not HTML) the same way. */
export function plainMessageText(text: string): MessageText {
  return { text: tidyLines(text.replace(/\r\n?/g, '\n').replace(/[ \t\f\u00a0]+/g, ' ')), hadImages: false };
}

function resolveMentions(text: string, byId: ReadonlyMap<number, MessageMention>): string {
  const token = new RegExp(`${MENTION_OPEN}([^${MENTION_CLOSE}]*)${MENTION_CLOSE}`, 'g');
  // An unknown mention keeps the text shown after "@" (already decoded with the rest of the text).
  const mentionOf = (ref: string): MessageMention | { name: string; personId?: undefined } =>
    ref.startsWith('=') ? { name: ref.slice(1) } : (byId.get(Number(ref)) ?? { name: '' });
  // Teams writes "@Karin Berg" as two mentions, "Karin" and "Berg", of the same person.
  const sameMention = new RegExp(
    `${MENTION_OPEN}([^${MENTION_CLOSE}]*)${MENTION_CLOSE}[ ]*(?=${MENTION_OPEN}([^${MENTION_CLOSE}]*)${MENTION_CLOSE})`,
    'g',
  );
  let merged = text;
  for (let guard = 0; guard < 50; guard++) {
    let changed = false;
    merged = merged.replace(sameMention, (whole, first: string, second: string) => {
      const a = mentionOf(first);
      const b = mentionOf(second);
      if (a.personId !== undefined && a.personId === b.personId) {
        changed = true;
        return '';
      }
      return whole;
    });
    if (!changed) break;
  }
  return merged.replace(token, (_m, ref: string) => mentionOf(ref).name.trim());
}

function tidyLines(text: string): string {
  const lines = cleanText(text)
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Checks whether a message's text can become an idea's text. */
export function checkMessageText(message: MessageText): MessageTextProblem | undefined {
  const length = [...message.text].length;
  if (length === 0) return message.hadImages ? { problem: 'imageOnly' } : { problem: 'empty' };
  if (length > TEXT_LIMITS.idea.max) return { problem: 'tooLong', length, limit: TEXT_LIMITS.idea.max };
  return undefined;
}

// A sentence that only greets says nothing about the idea.
const GREETING =
  /^(hej|hejsan|hallå|halloj|tjena|tjenare|tja|god morgon|godmorgon|god middag|hello|hi|hey|good morning|good afternoon|dear)\b[^.!?\n,:]{0,30}[.!?,:]*\s*/iu;

/**
 * Suggests a title for an idea made from a message: the chat capture's rule ({@link deriveTitle}:
 * the first sentence, cut at a word) applied after a leading greeting ("Hej alla!") or list
 * dash, with the first letter capitalised. Returns '' when nothing usable is left, so the form
 * shows an empty title field rather than a bad guess.
 */
export function suggestTitle(text: string): string {
  let rest = cleanText(text);
  const withoutGreeting = rest.replace(GREETING, '');
  if (withoutGreeting.trim().length > 0) rest = withoutGreeting;
  rest = rest.replace(/^[-–•*\s]+/u, '');
  const title = deriveTitle(rest) ?? '';
  return title.charAt(0).toLocaleUpperCase('sv-SE') + title.slice(1);
}

/**
 * Checks a whole idea the way the chat capture does: every text field within its limits and at
 * least one choice of who benefits. An empty list means it can be submitted.
 */
export function checkIdeaForm(text: IdeaText): AnswerProblem[] {
  const problems: AnswerProblem[] = checkIdeaText(text);
  if (text.beneficiaries.length === 0) problems.push({ field: 'beneficiaries', problem: 'noChoice' });
  return problems;
}
