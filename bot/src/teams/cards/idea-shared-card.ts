import type { Idea } from '../../domain/idea';
import type { SupportRefusal } from '../../domain/support';
import type { Sluice } from '../../domain/sluice';
import { stageLabel } from '../../domain/sluice';
import type { Locale } from '../../domain/stages';
import { SUPPORT_REFRESH_VERB, SUPPORT_VERB } from '../coach/verbs';
import { commentStamp, withCommentAction } from '../comments/comment-cards';
import { escapeMarkdown, preview } from '../markdown';
import { mt } from '../message-extension/strings';
import { st } from '../support/strings';
import { expand, type CardJson } from './render';
import sharedTemplate from './templates/idea-shared.json';
import supportActionTemplate from './templates/support-action.json';

/** What "Jag stödjer idén" sends back: which idea (who supports it is the invoke's sender). */
export interface SupportActionData {
  readonly ideaId: string;
  readonly sluiceId: string;
}

/**
 * The small card the message extension puts into a conversation when the giver chooses to
 * share that they sent an idea: "Idé #N skickad till Idéslussen", the title and who handed it in,
 * and "Jag stödjer idén" for everyone who reads it (whether they may is the server's decision:
 * anyone of the sluice but the giver, while the idea is open). `notice` is the line an answer to
 * that button or the card's `refresh` adds ("Du stödjer idén. 3 stödjer den.", see {@link sharedCardNotice}).
 * The card is posted by whoever shared it, not by the bot, so the bot cannot update it; its
 * `refresh` (Universal Actions, no `userIds`: every viewer in a conversation of up to 60) has Teams
 * ask for the card with the current count when someone views it. Its **Kommentera** lets every reader
 * comment on the idea where they read about it (teams/comments).
 */
export function renderIdeaSharedCard(
  locale: Locale,
  idea: Idea,
  sluice: Pick<Sluice, 'stageLabels'>,
  notice?: string,
  afterCommentId?: string,
): CardJson {
  const data: SupportActionData = { ideaId: idea.id, sluiceId: idea.sluiceId };
  const card = expand(sharedTemplate, {
    refreshTitle: st(locale, 'card.refresh'),
    refreshVerb: SUPPORT_REFRESH_VERB,
    data,
    heading: mt(locale, 'shared.heading', { number: idea.number }),
    title: escapeMarkdown(preview(idea.title, 120)),
    byline: mt(locale, 'shared.byline', { giver: escapeMarkdown(idea.giver.name), stage: stageLabel(sluice, idea.stage, locale) }),
  });
  const action = expand(supportActionTemplate, { title: st(locale, 'card.support'), verb: SUPPORT_VERB, data });
  const body = Array.isArray(card['body']) ? (card['body'] as unknown[]) : [];
  const line = notice ? [{ type: 'TextBlock', text: notice, wrap: true, weight: 'Bolder', spacing: 'Medium' }] : [];
  const shown: CardJson = { ...card, body: [...body, ...line], ...(idea.stage === 'closed' ? {} : { actions: [action] }) };
  // "Kommentera" for everyone who reads it; its key is the same for every rendering of this card
  // (a click's answer, a refresh), and follows the comment just saved on the card answering one.
  return withCommentAction(
    shown,
    { ideaId: idea.id, sluiceId: idea.sluiceId, card: 'shared', stamp: commentStamp(`shared\n${idea.id}`, afterCommentId) },
    locale,
  );
}

/** What the shared card says about its support to one viewer, after a click or on a refresh. */
export interface SharedCardState {
  readonly count: number;
  /** The viewer supports the idea (now, or with this click). */
  readonly supported: boolean;
  /** Why the viewer may not support it (the same refusals as the tab's). */
  readonly refusal?: SupportRefusal;
}

/**
 * The one line the shared card shows about support, the same for a click's answer and a refresh:
 * the viewer's support and the count, or why they may not support it, or just the count.
 */
export function sharedCardNotice(locale: Locale, state: SharedCardState): string | undefined {
  const { count } = state;
  if (state.refusal) return st(locale, `card.${state.refusal}`, { count });
  if (state.supported) return st(locale, 'card.supported', { count });
  return count > 0 ? st(locale, 'card.count', { count }) : undefined;
}
