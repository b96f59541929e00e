import type { Challenge, ChallengeIdea } from '../../domain/challenges';
import { stageLabel, type Sluice } from '../../domain/sluice';
import { STAGES, type Locale } from '../../domain/stages';
import { challengeText, dayName } from '../challenges/challenge-strings';
import { withOpenLink } from '../deep-links';
import { escapeMarkdown, preview } from '../markdown';
import { expand, type CardJson } from './render';
import challengeTemplate from './templates/challenge.json';
import summaryTemplate from './templates/challenge-summary.json';
import choiceTemplate from './templates/challenge-choice.json';
import type { OpenChallenge } from '../../domain/challenges';
import { captureText } from '../capture/capture-strings';

/** Ideas the summary card lists by name; the rest are counted and left to the tab. */
export const SUMMARY_IDEAS_LISTED = 15;

/**
 * The card a challenge is posted as in a channel: the need, who owns it, the last day, and
 * "Svara med en idé" while it is open (the click starts the capture in the person's personal chat,
 * linked to the challenge). Everything written by people is escaped.
 */
export function renderChallengeCard(input: {
  readonly challenge: Challenge;
  readonly sluice: Pick<Sluice, 'name'>;
  readonly open: boolean;
  readonly locale: Locale;
  /** "Öppna i Idéslussen": the tab's Utmaningar view at this challenge (teams/deep-links.ts); none without it. */
  readonly link?: string;
}): CardJson {
  const { challenge, locale } = input;
  const card = expand(challengeTemplate, {
    heading: challengeText(locale, 'card.heading', { sluice: escapeMarkdown(input.sluice.name) }),
    title: escapeMarkdown(preview(challenge.title, 120)),
    need: escapeMarkdown(preview(challenge.need, 1000)),
    departmentLabel: challengeText(locale, 'card.department'),
    department: escapeMarkdown(challenge.department),
    openUntilLabel: challengeText(locale, 'card.openUntil'),
    openUntil: dayName(locale, challenge.openUntil),
    status: challengeText(locale, input.open ? 'card.open' : 'card.closed'),
    open: input.open,
    answerLabel: challengeText(locale, 'card.answer'),
    challengeId: challenge.id,
  });
  return input.link ? withOpenLink(card, input.link, locale) : card;
}

/** The owner's summary once a challenge closed: how many ideas came in, per stage, and each by number and stage. */
export function renderChallengeSummaryCard(input: {
  readonly challenge: Challenge;
  readonly ideas: readonly ChallengeIdea[];
  readonly sluice: Pick<Sluice, 'stageLabels'>;
  readonly locale: Locale;
  /** "Öppna i Idéslussen" to the challenge in the tab, and each idea line's link to its idea; plain without them. */
  readonly links?: { readonly challenge: string; readonly idea: (ideaId: string) => string };
}): CardJson {
  const { challenge, ideas, sluice, locale, links } = input;
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
  const headline = (i: ChallengeIdea): string => {
    const text = `#${i.number} ${escapeMarkdown(preview(i.title, 120))}`;
    return links ? `[${text}](${links.idea(i.id)})` : text;
  };
  const card = expand(summaryTemplate, {
    heading: challengeText(locale, 'summary.heading'),
    title: escapeMarkdown(preview(challenge.title, 120)),
    intro,
    stages,
    ideas: listed.map((i) => ({
      text: `${headline(i)} · ${stageLabel(sluice, i.stage, locale)} · ${escapeMarkdown(i.department)}`,
    })),
    more: count > listed.length ? challengeText(locale, 'summary.more', { count: count - listed.length }) : '',
  });
  return links ? withOpenLink(card, links.challenge, locale) : card;
}

/**
 * "Hör idén till någon av de här utmaningarna?" beside the first question of a new draft: one
 * button per open challenge and "Nej, ingen av dem". The giver may ignore it and simply answer.
 */
export function renderChallengeChoiceCard(locale: Locale, draftId: string, challenges: readonly OpenChallenge[]): CardJson {
  return expand(choiceTemplate, {
    ask: captureText(locale, 'challenge.ask'),
    choices: challenges.map((c) => ({
      title: preview(c.title, 60),
      data: { verb: 'capture.challengePick', draftId, challengeId: c.id },
    })),
    noneLabel: captureText(locale, 'challenge.ask.none'),
    noneData: { verb: 'capture.challengePick', draftId },
  });
}
