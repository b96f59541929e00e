import type { AnswerProblem } from '../../domain/draft';
import { BENEFICIARIES, cleanText, TEXT_LIMITS, type Beneficiary, type IdeaOrigin } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import { escapeMarkdown } from '../markdown';
import { captureText } from '../capture/capture-strings';
import { mt } from '../message-extension/strings';
import { t } from '../strings';
import { expand, type CardJson } from './render';
import { similarItems } from './similar-ideas-card';
import type { SimilarMatch } from '../../domain/similar/similar-index';
import type { Sluice } from '../../domain/sluice';
import formTemplate from './templates/idea-form.json';

/** Where the form was opened: on a message ("…" → Gör till idé) or from the message box. */
export const IDEA_FORM_CONTEXTS = ['message', 'compose'] as const;
export type IdeaFormContext = (typeof IDEA_FORM_CONTEXTS)[number];

/** The input ids of the form; the submit handler reads exactly these. */
export const IDEA_FORM_INPUTS = ['title', 'need', 'idea', 'beneficiaries', 'department', 'share'] as const;

/** What the person has written (or what was prefilled). */
export interface IdeaFormValues {
  readonly title: string;
  readonly need: string;
  readonly idea: string;
  readonly beneficiaries: readonly Beneficiary[];
  readonly department: string;
  /** Compose context only: put a small "sent" card into the conversation. */
  readonly share: boolean;
}

/**
 * The form's own state besides the inputs. Only `draftId` and `formContext` travel in the submit
 * action's data (Adaptive Cards have no hidden inputs; Teams merges this data with the inputs,
 * and the names differ from {@link IDEA_FORM_INPUTS} so nothing typed can overwrite them). The
 * source fields are shown on the form but never read back from it: on submit they are taken
 * again from the message payload Teams sends with the invoke.
 */
export interface IdeaFormHidden {
  /** One id per opened form: the idempotency key, so a double submit stores one idea. */
  readonly draftId: string;
  readonly formContext: IdeaFormContext;
  /** The message's author when that is someone else than the giver. */
  readonly origin?: IdeaOrigin;
  /** The message's author's name as shown (also when it is the giver). */
  readonly sourceAuthor?: string;
  /** Link back to the message, when Teams gave one. */
  readonly sourceLink?: string;
}

export interface IdeaFormModel {
  readonly locale: Locale;
  readonly values: IdeaFormValues;
  readonly hidden: IdeaFormHidden;
  /** The sluice's departments; with none the department is free text. */
  readonly departments: readonly string[];
  /** Problems found on submit, shown beside their fields. */
  readonly problems?: readonly AnswerProblem[];
  /** Ideas of the sluice like the form's text, listed under the idea. */
  readonly similar?: { readonly sluice: Sluice; readonly ideas: readonly SimilarMatch[] };
}

/**
 * The sentence shown beside a field that is not right — the chat capture's wording, so the
 * giver is told the same thing wherever they hand in an idea.
 */
export function problemText(locale: Locale, problem: AnswerProblem, value = ''): string {
  if (problem.problem === 'noChoice') return captureText(locale, 'beneficiaries.required');
  if (problem.problem === 'tooLong')
    return captureText(locale, 'problem.tooLong', { count: [...cleanText(value)].length, limit: problem.limit });
  return captureText(locale, problem.problem === 'empty' ? 'problem.empty' : 'problem.tooShort', { limit: problem.limit });
}

type TextField = 'title' | 'need' | 'idea' | 'department';

function field(locale: Locale, name: TextField, value: string, problems: readonly AnswerProblem[]) {
  const problem = problems.find((p) => p.field === name);
  return {
    label: captureText(locale, `field.${name}`),
    placeholder: mt(locale, `placeholder.${name}`),
    value,
    maxLength: TEXT_LIMITS[name].max,
    requiredMessage: captureText(locale, 'problem.empty'),
    error: problem ? problemText(locale, problem, value) : '',
  };
}

/**
 * The task-module form of the message extension: title, need, idea, who benefits, department,
 * where it came from (author, link, credit) and the public-record notice. Errors from a refused
 * submit are shown beside their fields; the values come back as the person left them.
 */
export function renderIdeaFormCard(model: IdeaFormModel): CardJson {
  const { locale, values, hidden } = model;
  const problems = model.problems ?? [];
  const departments = [
    ...new Set(values.department && model.departments.length > 0 ? [...model.departments, values.department] : model.departments),
  ];
  const author = hidden.origin?.name ?? hidden.sourceAuthor;
  return expand(formTemplate, {
    heading: mt(locale, hidden.formContext === 'message' ? 'heading.message' : 'heading.compose'),
    intro: mt(locale, 'intro'),
    errorSummary: problems.length > 0 ? mt(locale, 'error.summary') : '',
    source: {
      shown: hidden.formContext === 'message',
      label: author ? mt(locale, 'source', { author: escapeMarkdown(author) }) : mt(locale, 'sourceUnknown'),
      originNotice: hidden.origin ? mt(locale, 'origin', { author: escapeMarkdown(hidden.origin.name) }) : '',
      link: hidden.sourceLink ?? '',
      linkLabel: mt(locale, 'openMessage'),
    },
    fields: {
      title: field(locale, 'title', values.title, problems),
      need: field(locale, 'need', values.need, problems),
      idea: field(locale, 'idea', values.idea, problems),
      beneficiaries: {
        label: captureText(locale, 'field.beneficiaries'),
        value: values.beneficiaries.join(','),
        choices: BENEFICIARIES.map((b) => ({ title: captureText(locale, `beneficiary.${b}`), value: b })),
        requiredMessage: captureText(locale, 'beneficiaries.required'),
        error: problems.some((p) => p.field === 'beneficiaries') ? captureText(locale, 'beneficiaries.required') : '',
      },
      department: {
        ...field(locale, 'department', values.department, problems),
        hasChoices: departments.length > 0,
        choices: departments.map((d) => ({ title: d, value: d })),
      },
    },
    similar: {
      shown: (model.similar?.ideas.length ?? 0) > 0,
      heading: captureText(locale, 'similar.formHeading'),
      intro: captureText(locale, 'similar.formIntro'),
      items: model.similar ? similarItems(locale, model.similar.sluice, model.similar.ideas) : [],
    },
    share: { shown: hidden.formContext === 'compose', label: mt(locale, 'field.share'), value: values.share ? 'true' : 'false' },
    publicNotice: t(locale, 'help.public'),
    submitLabel: mt(locale, 'submit'),
    submitData: { draftId: hidden.draftId, formContext: hidden.formContext },
  });
}
