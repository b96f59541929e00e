import { effectLine } from '../../domain/effects';
import type { Idea } from '../../domain/idea';
import type { MonthlyDigest, Outcome, WeeklyDigest } from '../../domain/reminders/digests';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { coachText } from '../coach/strings';
import { escapeMarkdown, preview } from '../markdown';
import { overdueFact } from '../reminders/reminder-messages';
import { coachName } from './idea-confirmation-card';
import { expand, type CardJson } from './render';
import weeklyTemplate from './templates/weekly-digest.json';
import monthlyTemplate from './templates/monthly-digest.json';

/** Ideas a section lists at most; the rest are counted ("… och 3 till"). */
export const DIGEST_SECTION_ITEMS = 10;

interface Item {
  readonly headline: string;
  readonly detail: string;
  readonly extra?: string;
}

interface Section {
  readonly title: string;
  readonly color: 'Default' | 'Attention' | 'Good' | 'Accent';
  readonly empty: string;
  readonly items: readonly Item[];
  readonly more: string;
}

/** How a digest links each idea it lists to the tab (teams/deep-links.ts); without it the lines are plain. */
export type IdeaLinkOf = (ideaId: string) => string;

/** "#12 Tryggare gångtunnlar", the title escaped; a link to the idea in the tab when there is one. */
function linkedHeadline(idea: Pick<Idea, 'id' | 'number' | 'title'>, link?: IdeaLinkOf): string {
  const text = `#${idea.number} ${escapeMarkdown(idea.title)}`;
  return link ? `[${text}](${link(idea.id)})` : text;
}

function section<T>(
  locale: Locale,
  title: string,
  color: Section['color'],
  entries: readonly T[],
  item: (entry: T) => Item,
  empty = coachText(locale, 'digest.none'),
): Section {
  const shown = entries.slice(0, DIGEST_SECTION_ITEMS).map(item);
  const rest = entries.length - shown.length;
  return {
    title,
    color,
    empty: entries.length === 0 ? empty : '',
    items: shown,
    more: rest > 0 ? coachText(locale, 'digest.more', { count: rest }) : '',
  };
}

/**
 * A coach's weekly digest: the sluice's new ideas since the last one, the coach's open ideas,
 * those past their limit, and the givers' answers waiting for the coach. Every user-written text
 * is escaped.
 */
export function renderWeeklyDigestCard(
  digest: WeeklyDigest,
  sluice: Pick<Sluice, 'name' | 'stageLabels'>,
  locale: Locale,
  link?: IdeaLinkOf,
): CardJson {
  const headline = (idea: Idea): string => linkedHeadline(idea, link);
  const stage = (idea: Idea): string => stageLabel(sluice, idea.stage, locale);
  return expand(weeklyTemplate, {
    heading: coachText(locale, 'digest.weekly.heading', { sluice: escapeMarkdown(sluice.name) }),
    intro: coachText(locale, 'digest.weekly.intro'),
    sections: [
      section(locale, coachText(locale, 'digest.weekly.new', { count: digest.newIdeas.length }), 'Accent', digest.newIdeas, (idea) => ({
        headline: headline(idea),
        detail: coachText(locale, 'digest.weekly.newLine', {
          department: escapeMarkdown(idea.department),
          coach: coachName(locale, idea.coach),
        }),
      })),
      section(
        locale,
        coachText(locale, 'digest.weekly.answers', { count: digest.answers.length }),
        'Good',
        digest.answers,
        ({ idea, answer }) => ({
          headline: headline(idea),
          detail: coachText(locale, 'digest.weekly.answerLine', {
            giver: escapeMarkdown(answer.actor.name || idea.giver.name),
            answer: escapeMarkdown(preview(answer.text ?? '', 200)),
          }),
        }),
      ),
      section(
        locale,
        coachText(locale, 'digest.weekly.overdue', { count: digest.overdue.length }),
        'Attention',
        digest.overdue,
        ({ idea, overdue }) => {
          const fact = overdueFact(overdue, locale);
          return { headline: headline(idea), detail: `${stage(idea)} · ${fact.label}: ${fact.value}` };
        },
      ),
      section(locale, coachText(locale, 'digest.weekly.open', { count: digest.open.length }), 'Default', digest.open, (idea) => ({
        headline: headline(idea),
        detail: stage(idea),
      })),
    ],
    footer: coachText(locale, 'digest.weekly.footer'),
  });
}

/** "februari 2027" / "February 2027" for `YYYY-MM`. */
export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/**
 * "Vad hände med våra idéer?": the ideas of the sluice tested, implemented and closed in the month,
 * with the effects of the implemented ones and the reasons of the closed ones.
 */
export function renderMonthlyDigestCard(
  digest: MonthlyDigest,
  sluice: Pick<Sluice, 'name' | 'stageLabels'>,
  locale: Locale,
  link?: IdeaLinkOf,
): CardJson {
  const headline = (idea: Idea): string => linkedHeadline(idea, link);
  const month = formatMonth(digest.month, locale);
  const nothing = digest.tested.length + digest.implemented.length + digest.closed.length === 0;
  const item =
    (extra: (o: Outcome) => string) =>
    (o: Outcome): Item => ({
      headline: headline(o.idea),
      detail: escapeMarkdown(o.idea.department),
      extra: extra(o),
    });
  const effects = (o: Outcome): string =>
    (o.event.effects ?? o.idea.effects ?? [])
      .map((e) =>
        coachText(locale, 'digest.monthly.effect', {
          effect: effectLine(
            {
              ...e,
              forWhom: escapeMarkdown(e.forWhom),
              change: escapeMarkdown(e.change),
              ...(e.unit ? { unit: escapeMarkdown(e.unit) } : {}),
            },
            locale,
          ),
        }),
      )
      .join('\n\n');
  const reason = (o: Outcome): string =>
    o.event.text ? coachText(locale, 'digest.monthly.reason', { reason: escapeMarkdown(preview(o.event.text, 300)) }) : '';
  const sections: Section[] = nothing
    ? []
    : [
        section(
          locale,
          coachText(locale, 'digest.monthly.implemented', { count: digest.implemented.length }),
          'Good',
          digest.implemented,
          item(effects),
        ),
        section(
          locale,
          coachText(locale, 'digest.monthly.tested', { count: digest.tested.length }),
          'Accent',
          digest.tested,
          item(() => ''),
        ),
        section(
          locale,
          coachText(locale, 'digest.monthly.closed', { count: digest.closed.length }),
          'Default',
          digest.closed,
          item(reason),
        ),
      ].filter((s) => s.items.length > 0);
  return expand(monthlyTemplate, {
    heading: coachText(locale, 'digest.monthly.heading'),
    intro: coachText(locale, 'digest.monthly.intro', { sluice: escapeMarkdown(sluice.name), month }),
    nothing: nothing ? coachText(locale, 'digest.monthly.nothing', { month }) : '',
    sections,
    footer: coachText(locale, 'digest.monthly.footer'),
  });
}
