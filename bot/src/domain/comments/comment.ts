import { createHash } from 'node:crypto';
import { cleanText, type Person } from '../idea';

/**
 * Comments on an idea, and coaches' internal notes. Both live in the `participation` container
 * beside the idea (never inside it), one document each, with a `kind`: `comment` is read by
 * everyone in the sluice, `note` only by its coaches and admins.
 */
export const COMMENT_KINDS = ['comment', 'note'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

/** Characters a comment or note may have at most. */
export const COMMENT_MAX_CHARS = 2000;
/** Characters a coach's reason for hiding a comment may have at most. */
export const HIDE_REASON_MAX_CHARS = 500;
/** How long the author may edit or delete their own comment. */
export const EDIT_WINDOW_MS = 15 * 60_000;
/** Comments one person may write in {@link RATE_WINDOW_MS}; the next one waits. */
export const RATE_LIMIT = 50;
export const RATE_WINDOW_MS = 60_000;

/** Who wrote it, as signed in. */
export type CommentAuthor = Person;

/** A coach's decision to hide a comment: it stays stored and in the record, marked, with the reason. */
export interface CommentHiding {
  readonly by: { readonly id: string; readonly name: string };
  readonly at: string;
  readonly reason: string;
}

/** One comment or internal note, as stored. */
export interface IdeaComment {
  readonly id: string;
  readonly sluiceId: string;
  readonly ideaId: string;
  readonly kind: CommentKind;
  readonly author: CommentAuthor;
  /** As written (cleaned of control characters, trimmed); shown literally everywhere, never as markdown. */
  readonly text: string;
  readonly at: string;
  /** `at` in ms, for ordering and windows (the composite index `ideaId, atMs`). */
  readonly atMs: number;
  readonly editedAt?: string;
  /** The author deleted it (within the edit window): its text is gone and nobody sees it any more. */
  readonly deletedAt?: string;
  readonly hidden?: CommentHiding;
}

/** Why a text cannot be a comment. */
export type CommentTextProblem = { readonly problem: 'empty' } | { readonly problem: 'tooLong'; readonly limit: number };

/** The text as it is stored, or why it cannot be: only whitespace, or more than `max` characters. */
export function checkCommentText(raw: string, max = COMMENT_MAX_CHARS): { ok: true; text: string } | ({ ok: false } & CommentTextProblem) {
  const text = cleanText(raw);
  if (text.length === 0) return { ok: false, problem: 'empty' };
  if ([...text].length > max) return { ok: false, problem: 'tooLong', limit: max };
  return { ok: true, text };
}

/**
 * The id of a comment, derived from who writes it on which idea and the writer's idempotency key,
 * so a redelivered request or a double-clicked card stores one comment, whoever gets there first.
 */
export function commentIdFor(sluiceId: string, ideaId: string, authorId: string, key: string): string {
  const hash = createHash('sha256').update(`${sluiceId}\n${ideaId}\n${authorId}\n${key}`).digest('hex').slice(0, 40);
  return `comment-${hash}`;
}

/** Whether the author may still edit or delete it at `now`. */
export function withinEditWindow(comment: Pick<IdeaComment, 'atMs'>, now: Date): boolean {
  return now.getTime() - comment.atMs <= EDIT_WINDOW_MS;
}

/** Whether a viewer who is (or is not) a coach or admin of the sluice may read this kind. */
export function mayRead(kind: CommentKind, isCoach: boolean): boolean {
  return kind === 'comment' || isCoach;
}
