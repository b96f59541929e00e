import type { DirectoryProfile } from './directory';
import type { Beneficiary, Giver, IdeaText, Person, TextProblem } from './idea';
import { BENEFICIARIES, checkText, cleanText, TEXT_LIMITS } from './idea';
import type { Locale } from './stages';

/**
 * An idea on its way in: what the giver has answered so far in the chat, one question at a
 * time. The draft is plain JSON so it can live in bot state (Cosmos) and survive a restart;
 * every rule about it — which question comes next, what an answer must look like, what the
 * one-line shortcut means — lives here, not in the chat code.
 */

/** The questions, in the order they are asked. */
export const DRAFT_FIELDS = ['title', 'need', 'idea', 'beneficiaries', 'department'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
/** Where the conversation stands: a question, or the summary waiting for Skicka in / Ändra / Avbryt. */
export type DraftStep = DraftField | 'summary';
/** The free-text questions (beneficiaries is a choice). */
export type DraftTextField = Exclude<DraftField, 'beneficiaries'>;

/** How the capture started: in the personal chat, or by an @mention in a channel or group chat. */
export type DraftSource = 'chat' | 'mention';

/** Where a prefilled department came from, so the giver can be told. */
export type DepartmentOrigin = 'profile' | 'previous';

export interface IdeaDraft {
  /** Also the idempotency key of the submission: one draft can become at most one idea. */
  readonly id: string;
  readonly source: DraftSource;
  readonly title?: string;
  readonly need?: string;
  readonly idea?: string;
  readonly beneficiaries?: readonly Beneficiary[];
  readonly department?: string;
  /** Set while the department is the prefilled one, not typed by the giver in this draft. */
  readonly departmentFrom?: DepartmentOrigin;
  readonly step: DraftStep;
  /** True while one field is being changed from the summary: after it, back to the summary. */
  readonly editing: boolean;
  /** The open challenge the idea answers ("Svara med en idé", or picked while it was written); stored with the idea. */
  readonly challenge?: { readonly id: string; readonly title: string };
  readonly startedAt: string;
  readonly updatedAt: string;
}

/** What a draft can start with: the text of a shortcut or an @mention, and a known department. */
export interface DraftSeed {
  readonly title?: string;
  readonly idea?: string;
}

export type AnswerProblem = TextProblem | { field: 'beneficiaries'; problem: 'noChoice' };

export type AnswerResult = { ok: true; draft: IdeaDraft } | { ok: false; problem: AnswerProblem };

/** A giver who comes back after this long is welcomed back and shown the question again. */
export const RESUME_PAUSE_MS = 60 * 60 * 1000;

/** The longest title the shortcut derives from the idea text (the limit for a typed one is higher). */
const DERIVED_TITLE_MAX = 80;

/** Starts a draft; it asks first for whatever the seed and the prefilled department leave open. */
export function startDraft(input: {
  id: string;
  now: Date;
  source: DraftSource;
  seed?: DraftSeed;
  department?: { value: string; from: DepartmentOrigin };
  challenge?: { id: string; title: string };
}): IdeaDraft {
  const at = input.now.toISOString();
  const department = input.department && !checkText('department', input.department.value) ? input.department : undefined;
  const draft: IdeaDraft = {
    id: input.id,
    source: input.source,
    ...(input.seed?.title ? { title: input.seed.title } : {}),
    ...(input.seed?.idea ? { idea: input.seed.idea } : {}),
    ...(department ? { department: cleanText(department.value), departmentFrom: department.from } : {}),
    step: 'title',
    editing: false,
    ...(input.challenge ? { challenge: { id: input.challenge.id, title: input.challenge.title } } : {}),
    startedAt: at,
    updatedAt: at,
  };
  return { ...draft, step: nextStep(draft) };
}

/**
 * The department to prefill for a new idea, and where it came from: the directory's (the
 * organisation knows best), else the one the giver gave for their last idea, else none. A
 * value that would not pass as an answer is skipped. Chat capture and the message extension
 * both use this, so the precedence is the same everywhere.
 */
export function departmentPrefill(known: {
  directory?: string | undefined;
  previous?: string | undefined;
}): { value: string; from: DepartmentOrigin } | undefined {
  const candidates: Array<[string | undefined, DepartmentOrigin]> = [
    [known.directory, 'profile'],
    [known.previous, 'previous'],
  ];
  for (const [value, from] of candidates) {
    if (value !== undefined && checkText('department', value) === undefined) return { value: cleanText(value), from };
  }
  return undefined;
}

/**
 * The giver of an idea, as stored with it: the person as Teams names them (the directory's
 * display name when Teams gives none), the department they answered, the job title and company
 * when the directory knows them, and the language they use with the bot.
 */
export function giverOf(person: Person, input: { department: string; locale: Locale; profile?: DirectoryProfile | undefined }): Giver {
  const { profile } = input;
  return {
    id: person.id,
    tenantId: person.tenantId,
    name: person.name || profile?.displayName || '',
    department: cleanText(input.department),
    // As the directory said on the day the idea was handed in; a later change of job does not rewrite it.
    ...(profile?.jobTitle ? { jobTitle: cleanText(profile.jobTitle).slice(0, 120) } : {}),
    ...(profile?.companyName ? { companyName: cleanText(profile.companyName).slice(0, 120) } : {}),
    locale: input.locale,
  };
}

/** The first question the draft has no answer to, or the summary when all are answered. */
export function nextStep(draft: IdeaDraft): DraftStep {
  for (const field of DRAFT_FIELDS) if (!hasAnswer(draft, field)) return field;
  return 'summary';
}

/** Whether the draft has a valid answer to this question. */
export function hasAnswer(draft: IdeaDraft, field: DraftField): boolean {
  if (field === 'beneficiaries') return (draft.beneficiaries?.length ?? 0) > 0;
  return typeof draft[field] === 'string' && checkText(field, draft[field]) === undefined;
}

/**
 * Records the answer to a free-text question. A wrong answer (empty, too short, too long)
 * leaves the draft as it was and says what is wrong, so the question can be asked again.
 */
export function answerText(draft: IdeaDraft, field: DraftTextField, raw: string, now: Date): AnswerResult {
  const problem = checkText(field, raw);
  if (problem) return { ok: false, problem };
  // A department the giver typed is theirs, no longer "prefilled".
  const { departmentFrom, ...rest } = draft;
  const answered: IdeaDraft = {
    ...rest,
    ...(field !== 'department' && departmentFrom ? { departmentFrom } : {}),
    [field]: cleanText(raw),
    updatedAt: now.toISOString(),
  };
  return { ok: true, draft: advance(answered) };
}

/** Records who benefits; at least one choice is needed. */
export function answerBeneficiaries(draft: IdeaDraft, choices: readonly Beneficiary[], now: Date): AnswerResult {
  const unique = BENEFICIARIES.filter((b) => choices.includes(b));
  if (unique.length === 0) return { ok: false, problem: { field: 'beneficiaries', problem: 'noChoice' } };
  return { ok: true, draft: advance({ ...draft, beneficiaries: unique, updatedAt: now.toISOString() }) };
}

/** Goes back to one question from the summary; the other answers stay. */
export function editField(draft: IdeaDraft, field: DraftField, now: Date): IdeaDraft {
  return { ...draft, step: field, editing: true, updatedAt: now.toISOString() };
}

/** Marks the draft as touched now (the giver was shown where they are). */
export function touch(draft: IdeaDraft, now: Date): IdeaDraft {
  return { ...draft, updatedAt: now.toISOString() };
}

/** Whether the giver has been away long enough to be welcomed back before the next question. */
export function isResumedAfterPause(draft: IdeaDraft, now: Date): boolean {
  return now.getTime() - Date.parse(draft.updatedAt) >= RESUME_PAUSE_MS;
}

function advance(draft: IdeaDraft): IdeaDraft {
  const next = nextStep(draft);
  // After a change from the summary the giver goes straight back to it, unless something is still missing.
  if (draft.editing && next === 'summary') return { ...draft, step: 'summary', editing: false };
  return { ...draft, step: next, editing: draft.editing && next !== 'summary' };
}

/** The idea text of a complete draft, or the fields that still need an answer. */
export function ideaTextOf(draft: IdeaDraft): { ok: true; text: IdeaText } | { ok: false; missing: DraftField[] } {
  const missing = DRAFT_FIELDS.filter((f) => !hasAnswer(draft, f));
  if (missing.length > 0 || !draft.title || !draft.need || !draft.idea || !draft.department || !draft.beneficiaries) {
    return { ok: false, missing };
  }
  return {
    ok: true,
    text: { title: draft.title, need: draft.need, idea: draft.idea, beneficiaries: draft.beneficiaries, department: draft.department },
  };
}

/** The text after "idé:" / "idea:" when a message is the one-line shortcut; undefined otherwise. */
export function parseShortcut(text: string): string | undefined {
  const match = /^\s*(?:id[eéè]|idea)\s*:(.*)$/isu.exec(text.normalize('NFC'));
  return match ? cleanText(match[1] ?? '') : undefined;
}

/**
 * Turns free text (a shortcut or an @mention) into what a draft can start with. With several
 * lines the first is the title and the rest the idea; with one line the whole text is the idea
 * and a title is taken from its first sentence, which the giver sees and can change in the
 * summary. Text longer than an idea may be is refused, with the limit.
 */
export function seedFromText(raw: string): { ok: true; seed: DraftSeed } | { ok: false; problem: TextProblem } {
  const text = cleanText(raw);
  if (text.length === 0) return { ok: true, seed: {} };
  const [first = '', ...rest] = text.split('\n');
  const body = cleanText(rest.join('\n'));
  if (body.length > 0 && checkText('title', first) === undefined) {
    const problem = checkText('idea', body);
    if (problem) return { ok: false, problem };
    return { ok: true, seed: { title: cleanText(first), idea: body } };
  }
  const problem = checkText('idea', text);
  if (problem) return { ok: false, problem };
  const title = deriveTitle(text);
  return { ok: true, seed: { idea: text, ...(title ? { title } : {}) } };
}

/** A short title from the first sentence of a text, cut at a word; undefined when too short. */
export function deriveTitle(text: string): string | undefined {
  const firstLine = cleanText(text).split('\n')[0] ?? '';
  const sentence = (/^(.+?[.!?])(?:\s|$)/u.exec(firstLine)?.[1] ?? firstLine).replace(/[.!?]+$/u, '').trim();
  const chars = [...sentence];
  let title = sentence;
  if (chars.length > DERIVED_TITLE_MAX) {
    const cut = chars.slice(0, DERIVED_TITLE_MAX - 1).join('');
    const atWord = cut.replace(/\s+\S*$/u, '');
    title = `${atWord.length >= TEXT_LIMITS.title.min ? atWord : cut}…`;
  }
  return checkText('title', title) === undefined ? title : undefined;
}

/** Words (Swedish and English) a giver may type for each choice of who benefits. */
const BENEFICIARY_WORDS: Readonly<Record<Beneficiary, readonly string[]>> = {
  residents: ['1', 'invånare', 'invanare', 'kommuninvånare', 'medborgare', 'boende', 'residents', 'resident', 'citizens', 'citizen'],
  staff: ['2', 'medarbetare', 'personal', 'personalen', 'anställda', 'kollegor', 'staff', 'employees', 'employee', 'colleagues'],
  businesses: ['3', 'företag', 'foretag', 'företagare', 'näringsliv', 'näringslivet', 'businesses', 'business', 'companies', 'company'],
  other: ['4', 'andra', 'annat', 'annan', 'övriga', 'ovriga', 'other', 'others'],
};
const ALL_WORDS = ['alla', 'allihop', 'all', 'everyone'];

/**
 * Reads who benefits from typed text ("invånare och medarbetare", "1, 3", "all"); undefined
 * when no choice is recognised. Words it does not know are ignored.
 */
export function parseBeneficiaries(text: string): Beneficiary[] | undefined {
  const words = text.toLocaleLowerCase('sv').split(/[^\p{L}\p{N}]+/u);
  if (words.some((w) => ALL_WORDS.includes(w))) return [...BENEFICIARIES];
  const found = BENEFICIARIES.filter((b) => words.some((w) => BENEFICIARY_WORDS[b].includes(w)));
  return found.length > 0 ? found : undefined;
}

/** Reads the value of a multi-select choice ("residents,staff"); unknown values are dropped. */
export function beneficiariesFromChoice(value: unknown): Beneficiary[] {
  if (typeof value !== 'string') return [];
  const keys = value.split(',').map((v) => v.trim());
  return BENEFICIARIES.filter((b) => keys.includes(b));
}
