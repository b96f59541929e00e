import { BENEFICIARIES, type Beneficiary } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import { captureText } from '../capture/capture-strings';
import { expand, type CardJson } from './render';
import template from './templates/beneficiaries-question.json';

/**
 * The question "who would benefit?" as a multi-select choice (residents, staff, businesses,
 * others), answered with one click; `selected` pre-ticks the current answer when it is changed.
 */
export function renderBeneficiariesCard(locale: Locale, draftId: string, selected: readonly Beneficiary[] = []): CardJson {
  return expand(template, {
    question: captureText(locale, 'ask.beneficiaries'),
    requiredMessage: captureText(locale, 'beneficiaries.required'),
    selected: selected.join(','),
    choices: BENEFICIARIES.map((value) => ({ value, title: captureText(locale, `beneficiary.${value}`) })),
    typeHint: captureText(locale, 'ask.beneficiaries.typed'),
    doneLabel: captureText(locale, 'beneficiaries.done'),
    draftId,
  });
}
