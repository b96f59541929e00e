import type { IdeaSummary } from '../../domain/ports';
import type { Sluice } from '../../domain/sluice';
import { stageLabel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { captureText } from '../capture/capture-strings';
import { escapeMarkdown } from '../markdown';
import { coachName } from './idea-confirmation-card';
import { expand, type CardJson } from './render';
import template from './templates/my-ideas.json';

/** "Mina idéer" in chat: each of the giver's ideas with its number, stage and coach. */
export function renderMyIdeasCard(
  locale: Locale,
  ideas: readonly IdeaSummary[],
  sluice: Pick<Sluice, 'stageLabels'>,
  more: boolean,
): CardJson {
  return expand(template, {
    heading: captureText(locale, 'mine.heading'),
    ideas: ideas.map((idea) => ({
      headline: `#${idea.number} ${escapeMarkdown(idea.title)}`,
      status: captureText(locale, 'mine.status', { stage: stageLabel(sluice, idea.stage, locale), coach: coachName(locale, idea.coach) }),
      needsInfo: idea.needsInfo,
      needsInfoText: captureText(locale, 'mine.needsInfo'),
    })),
    more: more ? captureText(locale, 'mine.more', { count: ideas.length }) : '',
  });
}
