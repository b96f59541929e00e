import type { CommentKind } from '../domain/comments/comment';
import type { PersonRef } from './contracts';

/**
 * The comment routes' bodies (`listComments`, `addComment`, `editComment`, `deleteComment`,
 * `hideComment`), shared type-only with the tab.
 */

/** One comment or internal note as the caller may see it. */
export interface CommentItem {
  readonly id: string;
  /** `note`: an internal note, only ever sent to the sluice's coaches and admins. */
  readonly kind: CommentKind;
  readonly author: PersonRef;
  /** As written, to be shown literally (never as markdown or HTML); empty for a hidden comment unless the caller coaches. */
  readonly text: string;
  readonly at: string;
  readonly editedAt?: string;
  /** A coach hid it: who, when and why. Coaches still get its text. */
  readonly hidden?: { readonly by: PersonRef; readonly at: string; readonly reason: string };
  /** The caller wrote it. */
  readonly mine: boolean;
  /** Until when the caller may edit or delete it; absent when they may not (any more). */
  readonly editableUntil?: string;
  /** The caller may hide it (a coach, and it is a comment that is not hidden yet). */
  readonly mayHide: boolean;
}

export interface CommentsResponse {
  readonly items: readonly CommentItem[];
  /** The caller may write internal notes. */
  readonly mayWriteNotes: boolean;
}

export interface CommentResponse {
  readonly comment: CommentItem;
}

export interface AddCommentRequest {
  readonly text: string;
  /** Defaults to `comment`; `note` for coaches and admins only. */
  readonly kind?: CommentKind;
  /** The same for every send of one comment: a double click or a retry stores one. */
  readonly idempotencyKey: string;
}

export interface EditCommentRequest {
  readonly text: string;
}

export interface HideCommentRequest {
  readonly reason: string;
}
