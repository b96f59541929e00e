import type { Challenge, ChallengeIdea } from '../../domain/challenges';
import { stageLabel, type Sluice } from '../../domain/sluice';
import { STAGES, type Locale } from '../../domain/stages';
import { challengeText, dayName } from '../challenges/challenge-strings';
import { escapeMarkdown, preview } from '../markdown';
import { expand, type CardJson } from './render';
import challengeTemplate from './templates/challenge.json';
import summaryTemplate from './templates/challenge-summary.json';

/** Ideas the summary card lists by name; the rest are counted and left to the tab. */
export const SUMMARY_IDEAS_LISTED = 15;

/**
 * The card a challenge is posted as in a channel: the need, who owns it, the last day, and whether
 * it is still open. Everything written by people is escaped.
 */
export function renderChallengeCard(input: {
  readonly challenge: Challenge;
  readonly sluice: Pick<Sluice, 'name'>;
  readonly open: boolean;
  readonly locale: Locale;
}): CardJson {
  const { challenge, locale } = input;
  return expand(challengeTemplate, {
    heading: challengeText(locale, 'card.heading', { sluice: escapeMarkdown(input.sluice.name) }),
    title: escapeMarkdown(preview(challenge.title, 120)),
    need: escapeMarkdown(preview(challenge.need, 1000)),
    departmentLabel: challengeText(locale, 'card.department'),
    department: escapeMarkdown(challenge.department),
    openUntilLabel: challengeText(locale, 'card.openUntil'),
    openUntil: dayName(locale, challenge.openUntil),
    status: challengeText(locale, input.open ? 'card.open' : 'card.closed'),
  });
}

/** The owner's summary once a challenge closed: how many ideas came in, per stage, and each by number and stage. */
export function renderChallengeSummaryCard(input: {
  readonly challenge: Challenge;
  readonly ideas: readonly ChallengeIdea[];
  readonly sluice: Pick<Sluice, 'stageLabels'>;
  readonly locale: Locale;
}): CardJson {
  const { challenge, ideas, sluice, locale } = input;
  const count = ideas.length;
  const intro =
    count === 0
      ? challengeText(locale, 'summary.intro.none')
      : count === 1
        ? challengeText(locale, 'summary.intro.one')
        : challengeText(locale, 'summary.intro.many', { count });
  const stages = STAGES.map((stage) => ({ stage, n: ideas.filter((i) => i.stage === stage).length }))
    .filter((s) => s.n > 0)
    .map((s) => ({ label: stageLabel(sluice, s.stage, locale), value: String(s.n) }));
  const listed = ideas.slice(0, SUMMARY_IDEAS_LISTED);
  return expand(summaryTemplate, {
    heading: challengeText(locale, 'summary.heading'),
    title: escapeMarkdown(preview(challenge.title, 120)),
    intro,
    stages,
    ideas: listed.map((i) => ({
      text: `#${i.number} ${escapeMarkdown(preview(i.title, 120))} · ${stageLabel(sluice, i.stage, locale)} · ${escapeMarkdown(i.department)}`,
    })),
    more: count > listed.length ? challengeText(locale, 'summary.more', { count: count - listed.length }) : '',
  });
}
