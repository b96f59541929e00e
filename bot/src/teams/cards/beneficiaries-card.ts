import { BENEFICIARIES, type Beneficiary } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import { ct } from '../capture/capture-strings';
import { expand, type CardJson } from './render';
import template from './templates/beneficiaries-question.json';

/**
 * The question "who would benefit?" as a multi-select choice (residents, staff, businesses,
 * others), answered with one click; `selected` pre-ticks the current answer when it is changed.
 */
export function renderBeneficiariesCard(locale: Locale, draftId: string, selected: readonly Beneficiary[] = []): CardJson {
  return expand(template, {
    question: ct(locale, 'ask.beneficiaries'),
    requiredMessage: ct(locale, 'beneficiaries.required'),
    selected: selected.join(','),
    choices: BENEFICIARIES.map((value) => ({ value, title: ct(locale, `beneficiary.${value}`) })),
    typeHint: ct(locale, 'ask.beneficiaries.typed'),
    doneLabel: ct(locale, 'beneficiaries.done'),
    draftId,
  });
}
