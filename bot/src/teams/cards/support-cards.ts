import type { HistoryEvent, Idea } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { escapeMarkdown, preview } from '../markdown';
import { st } from '../support/strings';
import { expand, type CardJson } from './render';
import updateTemplate from './templates/giver-update.json';

/**
 * What a supporter is told when the idea they support reaches Testas or Införd (the `advanced`
 * event), in the language of the chat the bot has with them.
 */
export function renderSupporterCard(idea: Idea, sluice: Pick<Sluice, 'stageLabels'>, event: HistoryEvent, locale: Locale): CardJson {
  const stage = stageLabel(sluice, event.to ?? idea.stage, locale);
  return expand(updateTemplate, {
    heading: st(locale, 'supporter.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    message: st(locale, event.to === 'done' ? 'supporter.done' : 'supporter.testing', { stage }),
    facts: [{ label: st(locale, 'supporter.stage'), value: stage }],
    footer: st(locale, 'supporter.footer'),
  });
}

/** What the giver is told when a colleague offers help (`helpOffered`): who, and their note, escaped. */
export function renderHelpOfferedCard(idea: Idea, event: HistoryEvent, locale: Locale): CardJson {
  const helper = escapeMarkdown(event.actor.name);
  return expand(updateTemplate, {
    heading: st(locale, 'help.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    message: st(locale, 'help.message', { helper }),
    facts: [{ label: st(locale, 'help.note'), value: escapeMarkdown(preview(event.text ?? '', 500)) }],
    footer: st(locale, 'help.footer', { helper }),
  });
}

/** What the responsible coach reads about an offer of help (a chat message in markdown). */
export function helpOfferedText(idea: Idea, event: HistoryEvent, locale: Locale): string {
  return st(locale, 'help.toCoach', {
    helper: escapeMarkdown(event.actor.name),
    number: idea.number,
    title: escapeMarkdown(idea.title),
    note: escapeMarkdown(preview(event.text ?? '', 500)),
  });
}
