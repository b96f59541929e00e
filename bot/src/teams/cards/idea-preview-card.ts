import type { Idea } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { escapeMarkdown, preview } from '../markdown';
import { st } from '../search/strings';
import { expand, type CardJson } from './render';
import template from './templates/idea-preview.json';

/**
 * One idea as it is shared into a conversation ("Sök idéer") or shown for a pasted link: its
 * number, title, stage, department, municipality (in a shared sluice) and the need, every
 * user-written string escaped. No actions but the link to the tab (added by the caller): whoever
 * reads it in the conversation may not act on it. Version 1.3, as link previews take no newer card.
 */
export function renderIdeaPreviewCard(
  locale: Locale,
  idea: Idea,
  sluice: Pick<Sluice, 'name' | 'stageLabels' | 'municipalities'>,
): CardJson {
  const municipality = sluice.municipalities[idea.tenantId];
  const shared = Object.keys(sluice.municipalities).length > 1;
  return expand(template, {
    heading: st(locale, 'card.heading', { number: idea.number, sluice: escapeMarkdown(sluice.name) }),
    title: escapeMarkdown(preview(idea.title, 120)),
    facts: [
      { label: st(locale, 'card.stage'), value: stageLabel(sluice, idea.stage, locale) },
      { label: st(locale, 'card.department'), value: escapeMarkdown(idea.department) },
      ...(shared && municipality ? [{ label: st(locale, 'card.municipality'), value: escapeMarkdown(municipality) }] : []),
    ],
    needLabel: st(locale, 'card.need'),
    need: escapeMarkdown(preview(idea.need, 300)),
  });
}

/** The small preview Teams lists among the search results and shows above a pasted link: title and where the idea stands. */
export function ideaPreviewThumbnail(locale: Locale, idea: Idea, sluice: Pick<Sluice, 'stageLabels'>): { title: string; text: string } {
  return {
    title: `#${idea.number} ${escapeMarkdown(preview(idea.title, 80))}`,
    text: st(locale, 'preview.text', {
      stage: stageLabel(sluice, idea.stage, locale),
      department: escapeMarkdown(preview(idea.department, 60)),
    }),
  };
}
