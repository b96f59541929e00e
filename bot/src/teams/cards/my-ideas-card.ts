import type { IdeaSummary } from '../../domain/ports';
import type { Cover } from '../../domain/reminders/absence';
import { formatDay } from '../coach/absence-command';
import { coachText } from '../coach/strings';
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
  covers: Readonly<Record<string, Cover>> = {},
): CardJson {
  return expand(template, {
    heading: captureText(locale, 'mine.heading'),
    ideas: ideas.map((idea) => ({
      headline: `#${idea.number} ${escapeMarkdown(idea.title)}`,
      status: captureText(locale, 'mine.status', { stage: stageLabel(sluice, idea.stage, locale), coach: coachName(locale, idea.coach) }),
      cover: coverLine(locale, idea, covers[idea.id]),
      needsInfo: idea.needsInfo,
      needsInfoText: captureText(locale, 'mine.needsInfo'),
    })),
    more: more ? captureText(locale, 'mine.more', { count: ideas.length }) : '',
  });
}

/** "Karin Berg är borta till 10 januari 2027; Omar Haddad täcker upp." while the idea's coach is away, else ''. */
function coverLine(locale: Locale, idea: IdeaSummary, cover: Cover | undefined): string {
  if (!cover) return '';
  return coachText(locale, 'covers.line', {
    coach: coachName(locale, idea.coach),
    until: formatDay(cover.until, locale),
    backup: escapeMarkdown(cover.coach.name || cover.coach.id),
  });
}
