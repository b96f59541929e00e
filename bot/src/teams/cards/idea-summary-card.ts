import type { DraftField, IdeaDraft } from '../../domain/draft';
import { DRAFT_FIELDS } from '../../domain/draft';
import type { Beneficiary } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import { captureText } from '../capture/capture-strings';
import { escapeMarkdown, preview } from '../markdown';
import { t } from '../strings';
import { expand, type CardJson } from './render';
import template from './templates/idea-summary.json';

/** Where the summary stands: waiting for the giver, or already handled (then it has no buttons). */
export type SummaryState = { kind: 'open' } | { kind: 'submitted'; number: number } | { kind: 'cancelled' };

/** How much of the long answers a card shows; a card must stay well under Teams' 28 KB. */
export const CARD_PREVIEW = { need: 800, idea: 1500 } as const;

/**
 * The summary of a draft with Skicka in / Ändra / Avbryt (Ändra opens a list of the fields,
 * each of which goes back to that one question). Every answer is escaped, so what the giver
 * typed is shown literally.
 */
export function renderIdeaSummaryCard(locale: Locale, draft: IdeaDraft, state: SummaryState = { kind: 'open' }): CardJson {
  return expand(template, {
    heading: captureText(locale, 'summary.heading'),
    status:
      state.kind === 'submitted'
        ? captureText(locale, 'summary.submitted', { number: state.number })
        : state.kind === 'cancelled'
          ? captureText(locale, 'summary.cancelled')
          : '',
    statusColor: state.kind === 'submitted' ? 'Good' : 'Default',
    fields: DRAFT_FIELDS.map((field) => ({ label: captureText(locale, `field.${field}`), value: fieldValue(locale, draft, field) })),
    publicNotice: t(locale, 'help.public'),
    open: state.kind === 'open',
    draftId: draft.id,
    submitLabel: captureText(locale, 'summary.submit'),
    editLabel: captureText(locale, 'summary.edit'),
    editPrompt: captureText(locale, 'summary.editPrompt'),
    editChoices: DRAFT_FIELDS.map((field) => ({ field, label: captureText(locale, `field.${field}`) })),
    cancelLabel: captureText(locale, 'summary.cancel'),
  });
}

/** The names of the chosen beneficiaries in the giver's language, e.g. "Invånare, Medarbetare". */
export function beneficiaryLabels(locale: Locale, beneficiaries: readonly Beneficiary[]): string {
  return beneficiaries.map((b) => captureText(locale, `beneficiary.${b}`)).join(', ');
}

function fieldValue(locale: Locale, draft: IdeaDraft, field: DraftField): string {
  if (field === 'beneficiaries') return draft.beneficiaries?.length ? beneficiaryLabels(locale, draft.beneficiaries) : '–';
  const value = draft[field];
  if (!value) return '–';
  const limit = field === 'need' || field === 'idea' ? CARD_PREVIEW[field] : undefined;
  return escapeMarkdown(limit ? preview(value, limit) : value);
}
