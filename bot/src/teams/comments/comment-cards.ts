import { createHash } from 'node:crypto';
import type { IdeaComment } from '../../domain/comments/comment';
import type { Idea } from '../../domain/idea';
import type { Locale } from '../../domain/stages';
import type { CardNotice } from '../cards/coach-task-card';
import { expand, type CardJson } from '../cards/render';
import actionTemplate from '../cards/templates/comment-action.json';
import noticeTemplate from '../cards/templates/comment-notice.json';
import { COMMENT_VERB, INPUT_IDS } from '../coach/verbs';
import { escapeMarkdown, preview } from '../markdown';
import { commentText } from './strings';

/** Which card "Kommentera" was pressed on, so the answer is that card again (`shared`: the idea card shared into a conversation). */
export const COMMENT_CARD_KINDS = ['task', 'update', 'shared'] as const;
export type CommentCardKind = (typeof COMMENT_CARD_KINDS)[number];

/** What "Kommentera" sends back (with the typed text as `newComment`). */
export interface CommentActionData {
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly card: CommentCardKind;
  /** The giver update card's event, to render it again. */
  readonly eventId?: string;
  /**
   * Made from what the card was rendered from ({@link commentStamp}): a double click or a
   * redelivered invoke sends the same key with the same text, so one comment is stored; the
   * answer's card has a new one.
   */
  readonly commentKey: string;
}

/**
 * The key a rendered card carries: derived from the idea and the card's state only, so the same
 * card rendered twice (a redelivered action, a refresh) carries the same key.
 */
export function commentKeyFor(ideaId: string, stamp: string): string {
  return `card-${createHash('sha256').update(`${ideaId}\n${stamp}`).digest('hex').slice(0, 32)}`;
}

/**
 * A card's state for {@link commentKeyFor}: what it shows (the idea's eTag, the update's event)
 * and, on the answer to a "Kommentera", the comment just saved. So the answer's card carries a
 * new key (the same text written again from it is a comment of its own), and a redelivered
 * submit, finding that same comment stored, answers with the same card.
 */
export function commentStamp(state: string, afterCommentId?: string): string {
  return afterCommentId ? `${state}\n${afterCommentId}` : state;
}

/** The card with "Kommentera" added to its actions: a text field and a submit through the card-action path. */
export function withCommentAction(
  card: CardJson,
  view: {
    readonly ideaId: string;
    readonly sluiceId: string;
    readonly card: CommentCardKind;
    readonly eventId?: string;
    readonly stamp: string;
  },
  locale: Locale,
): CardJson {
  const data: CommentActionData = {
    ideaId: view.ideaId,
    sluiceId: view.sluiceId,
    card: view.card,
    ...(view.eventId ? { eventId: view.eventId } : {}),
    commentKey: commentKeyFor(view.ideaId, view.stamp),
  };
  const action = expand(actionTemplate, {
    title: commentText(locale, 'action.comment'),
    inputId: INPUT_IDS.newComment,
    label: commentText(locale, 'action.commentLabel'),
    hint: commentText(locale, 'action.commentHint'),
    required: commentText(locale, 'action.commentRequired'),
    submit: commentText(locale, 'action.commentSubmit'),
    verb: COMMENT_VERB,
    data,
  });
  const actions = Array.isArray(card['actions']) ? (card['actions'] as unknown[]) : [];
  return { ...card, actions: [...actions, action] };
}

const NOTICE_COLOR: Record<CardNotice['tone'], string> = { good: 'Good', attention: 'Attention', warning: 'Warning' };

/** The card with a line under it saying what became of a comment. */
export function withNotice(card: CardJson, notice: CardNotice): CardJson {
  const body = Array.isArray(card['body']) ? (card['body'] as unknown[]) : [];
  const line = { type: 'TextBlock', text: notice.text, wrap: true, weight: 'Bolder', color: NOTICE_COLOR[notice.tone], spacing: 'Medium' };
  return { ...card, body: [...body, line] };
}

/** Comments a notice lists at most; the rest are counted in its intro. */
const NOTICE_LIST_MAX = 10;

/** The hour's notice to the giver or coach: the new comments (escaped, shortened), who wrote them and when. */
export function renderCommentNoticeCard(idea: Pick<Idea, 'number' | 'title'>, comments: readonly IdeaComment[], locale: Locale): CardJson {
  const time = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    timeStyle: 'short',
    dateStyle: 'short',
    timeZone: 'Europe/Stockholm',
  });
  return expand(noticeTemplate, {
    heading: commentText(locale, 'notice.heading', { number: idea.number }),
    title: escapeMarkdown(idea.title),
    intro:
      comments.length === 1
        ? commentText(locale, 'notice.intro.one')
        : commentText(locale, 'notice.intro.many', { count: comments.length }),
    comments: comments.slice(-NOTICE_LIST_MAX).map((c) => ({
      by: commentText(locale, 'notice.by', { author: escapeMarkdown(c.author.name), time: time.format(new Date(c.atMs)) }),
      text: escapeMarkdown(preview(c.text, 500)),
    })),
    footer: commentText(locale, 'notice.footer'),
  });
}
