import type { Idea } from '../../domain/idea';
import { toIndexed } from '../../domain/similar/similar-ideas';
import type { SimilarMatch } from '../../domain/similar/similar-index';
import { stageLabel, type Sluice } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { captureText } from '../capture/capture-strings';
import { escapeMarkdown, preview } from '../markdown';
import { expand, type CardJson } from './render';
import ideaTemplate from './templates/similar-idea.json';
import listTemplate from './templates/similar-ideas.json';

/** How many shared words a suggestion names: enough to explain it, few enough to read. */
const SHARED_SHOWN = 4;

/** The verbs of the similar-idea cards' buttons (read back by capture-actions). */
export const SIMILAR_VERBS = { open: 'capture.similarOpen', continue: 'capture.similarContinue' } as const;

/** One similar idea as a card shows it: every user-written string escaped. */
export interface SimilarItem {
  /** "#12 Påminn föräldrar om simskolan". */
  readonly title: string;
  /** "Testas · Barn- och utbildningsförvaltningen · Lerums kommun". */
  readonly meta: string;
  /** A closed idea's reason, or ''. */
  readonly closed: string;
  /** "Gemensamt: simlektion, påminnelse", or ''. */
  readonly shared: string;
}

type Shown = Pick<SimilarMatch, 'number' | 'title' | 'stage' | 'department' | 'tenantId' | 'closedReason' | 'linkedSluice'> & {
  readonly shared?: readonly string[];
};

/** The line under a similar idea's title: its stage, department and (in a shared sluice) municipality. */
function metaOf(locale: Locale, sluice: Pick<Sluice, 'stageLabels' | 'municipalities'>, m: Shown): string {
  // A linked sluice's idea is named by that sluice; its municipalities are not this sluice's to name.
  const municipality = m.linkedSluice ? undefined : sluice.municipalities[m.tenantId];
  const from = m.linkedSluice ? captureText(locale, 'similar.fromLinked', { sluice: escapeMarkdown(m.linkedSluice.name) }) : undefined;
  return [
    stageLabel(sluice, m.stage, locale),
    escapeMarkdown(m.department),
    ...(municipality ? [escapeMarkdown(municipality)] : []),
    ...(from ? [from] : []),
  ].join(' · ');
}

/** Similar ideas as the chat and the message action's form list them. */
export function similarItems(
  locale: Locale,
  sluice: Pick<Sluice, 'stageLabels' | 'municipalities'>,
  matches: readonly SimilarMatch[],
): SimilarItem[] {
  return matches.map((m) => ({
    title: `#${m.number} ${escapeMarkdown(m.title)}`,
    meta: metaOf(locale, sluice, m),
    closed: m.closedReason ? captureText(locale, 'similar.closedReason', { reason: escapeMarkdown(preview(m.closedReason, 300)) }) : '',
    shared:
      m.shared.length > 0
        ? captureText(locale, 'similar.shared', { words: m.shared.slice(0, SHARED_SHOWN).map(escapeMarkdown).join(', ') })
        : '',
  }));
}

/**
 * "Det finns 2 idéer som liknar din": up to three ideas of the sluice like the giver's draft, each
 * with "Öppna", and "Lämna in min ändå" to go on. Shown in chat once the idea is written.
 */
export function renderSimilarIdeasCard(
  locale: Locale,
  sluice: Sluice,
  draftId: string,
  matches: readonly SimilarMatch[],
  /** The idea's link in the tab (teams/deep-links.ts): "Öppna" opens it there; without it the idea is shown in chat. */
  linkOf?: (ideaId: string) => string,
): CardJson {
  const items = similarItems(locale, sluice, matches).map((item, i) => ({
    ...item,
    // The number in the button's name tells a screen reader which idea it opens.
    openLabel: captureText(locale, 'similar.open', { number: matches[i]?.number ?? '' }),
    open: { verb: SIMILAR_VERBS.open, draftId, ideaId: matches[i]?.id ?? '' },
    // An idea of a linked sluice is read in the tab's "Från länkade idéslussar", not opened as one's own.
    linked: matches[i]?.linkedSluice !== undefined,
    openUrl: linkOf && matches[i] ? linkOf(matches[i].id) : '',
  }));
  return expand(listTemplate, {
    heading:
      matches.length === 1
        ? captureText(locale, 'similar.heading.one')
        : captureText(locale, 'similar.heading.many', { count: matches.length }),
    intro: captureText(locale, 'similar.intro'),
    items,
    withOpen: true,
    continueLabel: captureText(locale, 'similar.continue'),
    continueData: { verb: SIMILAR_VERBS.continue, draftId },
  });
}

/** One similar idea the giver opened: what it is about, where it stands, and "Lämna in min ändå" while they decide. */
export function renderSimilarIdeaCard(locale: Locale, sluice: Sluice, idea: Idea, draftId: string, pending: boolean): CardJson {
  const closedReason = toIndexed(idea).closedReason;
  return expand(ideaTemplate, {
    heading: captureText(locale, 'similar.heading.idea', { number: idea.number, title: escapeMarkdown(idea.title) }),
    meta: metaOf(locale, sluice, idea),
    sections: [
      { label: captureText(locale, 'field.need'), value: escapeMarkdown(preview(idea.need, 600)) },
      { label: captureText(locale, 'field.idea'), value: escapeMarkdown(preview(idea.idea, 900)) },
    ],
    closed: closedReason ? captureText(locale, 'similar.closedReason', { reason: escapeMarkdown(preview(closedReason, 300)) }) : '',
    continueLabel: pending ? captureText(locale, 'similar.continue') : '',
    continueData: { verb: SIMILAR_VERBS.continue, draftId },
  });
}
