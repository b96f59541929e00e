import type { Idea } from '../../domain/idea';
import type { Sluice } from '../../domain/sluice';
import { stageLabel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { captureText } from '../capture/capture-strings';
import { escapeMarkdown, preview } from '../markdown';
import { beneficiaryLabels, CARD_PREVIEW } from './idea-summary-card';
import { expand, type CardJson } from './render';
import template from './templates/idea-confirmation.json';

/**
 * The receipt of a submitted idea: its number, where it is, who coaches it and what was
 * handed in — a card the giver can come back to. Built from the stored idea, so it shows
 * exactly what was written to the sluice.
 */
export function renderIdeaConfirmationCard(locale: Locale, idea: Idea, sluice: Pick<Sluice, 'stageLabels'>): CardJson {
  return expand(template, {
    heading: captureText(locale, 'confirm.heading', { number: idea.number, title: escapeMarkdown(idea.title) }),
    thanks: captureText(locale, 'confirm.thanks'),
    facts: [
      { title: captureText(locale, 'confirm.stage'), value: stageLabel(sluice, idea.stage, locale) },
      { title: captureText(locale, 'confirm.coach'), value: coachName(locale, idea.coach) },
      { title: captureText(locale, 'field.department'), value: escapeMarkdown(idea.department) },
      { title: captureText(locale, 'field.beneficiaries'), value: beneficiaryLabels(locale, idea.beneficiaries) || '–' },
      { title: captureText(locale, 'confirm.submittedAt'), value: formatDate(locale, idea.createdAt) },
    ],
    sections: [
      { label: captureText(locale, 'field.need'), value: escapeMarkdown(preview(idea.need, CARD_PREVIEW.need)) },
      { label: captureText(locale, 'field.idea'), value: escapeMarkdown(preview(idea.idea, CARD_PREVIEW.idea)) },
    ],
    follow: captureText(locale, 'confirm.follow'),
    mineLabel: captureText(locale, 'confirm.mine'),
    mineCommand: locale === 'en' ? 'my ideas' : 'mina idéer',
  });
}

/** The coach's name, or what to say when there is none yet or the name is not known. */
export function coachName(locale: Locale, coach: { readonly name: string } | undefined): string {
  if (!coach) return captureText(locale, 'confirm.noCoach');
  return coach.name.trim() ? escapeMarkdown(coach.name) : captureText(locale, 'confirm.coachUnnamed');
}

/** A date as people in the giver's language write it, in Swedish time. */
export function formatDate(locale: Locale, iso: string): string {
  return DATE_FORMATS[locale].format(new Date(iso));
}

/** Made once: making a formatter costs far more than formatting with one. */
const DATE_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }),
};
