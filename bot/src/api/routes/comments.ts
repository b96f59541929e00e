import { z } from 'zod';
import { COMMENT_KINDS, COMMENT_MAX_CHARS, EDIT_WINDOW_MS, HIDE_REASON_MAX_CHARS, type IdeaComment } from '../../domain/comments/comment';
import type { CommentError, CommentService, CommentViewer } from '../../domain/comments/comment-service';
import type { Clock } from '../../domain/ports';
import { draftId, idSchema, ideaId } from '../../domain/ids';
import type { Viewer } from '../../domain/idea-queries';
import type { AddCommentRequest, CommentItem, EditCommentRequest, HideCommentRequest } from '../comment-contracts';
import type { RecordComment } from '../record-contracts';
import { commentRef } from '../comment-openapi';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams } from '../schemas';

// Long enough for any real comment; the domain says precisely what the limit is.
const text = z.string({ message: 'must be text' }).max(100_000, 'is far too long');

export const addCommentBody = z.strictObject({
  text: text.meta({ description: `The comment, at most ${COMMENT_MAX_CHARS} characters; shown literally (no markdown, no links).` }),
  kind: z
    .enum(COMMENT_KINDS, { message: 'must be comment or note' })
    .optional()
    .meta({ description: '`note`: an internal note that only coaches and admins see (coaches and admins only). Default `comment`.' }),
  idempotencyKey: draftId.meta({ description: 'The same for every send of one comment: a double click or a retry stores one.' }),
}) satisfies z.ZodType<AddCommentRequest>;

export const editCommentBody = z.strictObject({ text }) satisfies z.ZodType<EditCommentRequest>;
export const hideCommentBody = z.strictObject({
  reason: text.meta({ description: `Why, at most ${HIDE_REASON_MAX_CHARS} characters; everyone sees it in place of the comment.` }),
}) satisfies z.ZodType<HideCommentRequest>;

export const commentParams = z.object({ id: ideaId, commentId: idSchema('a comment id') });

export interface CommentRouteDeps {
  readonly comments: CommentService;
  readonly clock: Clock;
}

/**
 * The comments of an idea and coaches' internal notes: everyone in the sluice reads and writes
 * comments; notes are read and written by the sluice's coaches and admins only.
 */
export function commentRoutes(deps: CommentRouteDeps): ApiRoute[] {
  const item = (viewer: Viewer, c: IdeaComment): CommentItem => commentItem(c, viewer, deps.clock.now());
  return [
    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}/comments',
      operationId: 'listComments',
      summary:
        "The idea's comments, oldest first; for the sluice's coaches and admins also its internal notes. A hidden comment shows who hid it and why (its text only to coaches).",
      request: { params: ideaParams },
      responses: { 200: json(commentRef('CommentsResponse'), 'The comments.'), ...errors(400, 404) },
      handle: async ({ res, params, viewer }) => {
        const result = await deps.comments.list(commentViewer(viewer), params.id);
        if (!result.ok) throw problem(result);
        sendJson(res, 200, { items: result.comments.map((c) => item(viewer, c)), mayWriteNotes: viewer.isCoach });
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/ideas/{id}/comments',
      operationId: 'addComment',
      summary:
        'Adds a comment (or, for coaches and admins, an internal note). The giver and the coach hear of new comments at most once an hour per idea. 201 when stored; 200 with the stored one when the idempotencyKey was sent before.',
      description: `Text of only whitespace or over ${COMMENT_MAX_CHARS} characters is refused (400); more than 50 in a minute from one person is slowed down (429 with Retry-After).`,
      request: { params: ideaParams, body: addCommentBody },
      responses: {
        200: json(commentRef('CommentResponse'), 'Sent before: the comment the first send stored.'),
        201: json(commentRef('CommentResponse'), 'Stored.'),
        ...errors(400, 404, 429),
      },
      handle: async ({ res, params, body, viewer }) => {
        const result = await deps.comments.add(commentViewer(viewer), params.id, {
          text: body.text,
          kind: body.kind ?? 'comment',
          key: `api:${body.idempotencyKey}`,
        });
        if (!result.ok) {
          if (result.error === 'tooMany') res.setHeader('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
          throw problem(result);
        }
        sendJson(res, result.created ? 201 : 200, { comment: item(viewer, result.comment) });
      },
    }),

    memberRoute({
      method: 'patch',
      path: '/api/ideas/{id}/comments/{commentId}',
      operationId: 'editComment',
      summary: `Changes the text of your own comment or note, within ${EDIT_WINDOW_MS / 60_000} minutes of writing it.`,
      request: { params: commentParams, body: editCommentBody },
      responses: { 200: json(commentRef('CommentResponse'), 'The comment as it is now.'), ...errors(400, 404, 409) },
      handle: async ({ res, params, body, viewer }) => {
        const result = await deps.comments.edit(commentViewer(viewer), params.id, params.commentId, body.text);
        if (!result.ok) throw problem(result);
        sendJson(res, 200, { comment: item(viewer, result.comment) });
      },
    }),

    memberRoute({
      method: 'delete',
      path: '/api/ideas/{id}/comments/{commentId}',
      operationId: 'deleteComment',
      summary: `Deletes your own comment or note, within ${EDIT_WINDOW_MS / 60_000} minutes of writing it. Deleting it again changes nothing.`,
      request: { params: commentParams },
      responses: { 204: { description: 'Deleted.' }, ...errors(400, 404, 409) },
      handle: async ({ res, params, viewer }) => {
        const result = await deps.comments.remove(commentViewer(viewer), params.id, params.commentId);
        if (!result.ok) throw problem(result);
        res.setHeader('cache-control', 'no-store');
        res.send(204);
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/ideas/{id}/comments/{commentId}/hide',
      operationId: 'hideComment',
      summary:
        "Hides a comment with a reason (the sluice's coaches and admins): everyone sees the reason in its place; it is not deleted and stays in the idea's record, marked. Hiding it again changes nothing.",
      request: { params: commentParams, body: hideCommentBody },
      responses: { 200: json(commentRef('CommentResponse'), 'The comment, hidden.'), ...errors(400, 404, 409) },
      handle: async ({ res, params, body, viewer }) => {
        const result = await deps.comments.hide(commentViewer(viewer), params.id, params.commentId, body.reason);
        if (!result.ok) throw problem(result);
        sendJson(res, 200, { comment: item(viewer, result.comment) });
      },
    }),
  ];
}

function commentViewer(viewer: Viewer): CommentViewer {
  return { person: viewer.person, sluiceId: viewer.sluice.id, isCoach: viewer.isCoach };
}

/** A comment as this viewer may see it: a hidden one's text only for coaches. */
export function commentItem(c: IdeaComment, viewer: Pick<Viewer, 'person' | 'isCoach'>, now: Date): CommentItem {
  const mine = c.author.id === viewer.person.id && c.author.tenantId === viewer.person.tenantId;
  const until = c.atMs + EDIT_WINDOW_MS;
  return {
    id: c.id,
    kind: c.kind,
    author: { id: c.author.id, name: c.author.name },
    text: c.hidden && !viewer.isCoach ? '' : c.text,
    at: c.at,
    ...(c.editedAt ? { editedAt: c.editedAt } : {}),
    ...(c.hidden ? { hidden: { by: { ...c.hidden.by }, at: c.hidden.at, reason: c.hidden.reason } } : {}),
    mine,
    ...(mine && !c.hidden && now.getTime() <= until ? { editableUntil: new Date(until).toISOString() } : {}),
    mayHide: viewer.isCoach && c.kind === 'comment' && !c.hidden,
  };
}

/** A comment or note as the idea's record shows it: always with its text, a hidden one marked. */
export function recordComment(c: IdeaComment): RecordComment {
  return {
    id: c.id,
    kind: c.kind,
    at: c.at,
    by: { id: c.author.id, name: c.author.name },
    text: c.text,
    ...(c.editedAt ? { editedAt: c.editedAt } : {}),
    ...(c.hidden ? { hidden: { by: { ...c.hidden.by }, at: c.hidden.at, reason: c.hidden.reason } } : {}),
  };
}

function problem(e: CommentError): ApiProblem {
  switch (e.error) {
    case 'notFound':
      return new ApiProblem(404, 'NotFound', 'There is no such idea or comment in your sluice.');
    case 'forbidden':
      return new ApiProblem(
        403,
        'Forbidden',
        e.why === 'notesAreForCoaches'
          ? "Only the sluice's coaches and admins may write internal notes."
          : e.why === 'onlyCoachesHide'
            ? "Only the sluice's coaches and admins may hide comments."
            : 'Only the one who wrote it may change or delete it.',
      );
    case 'invalidText': {
      const message = e.problem === 'empty' ? 'must have some text (not only spaces)' : `must be at most ${e.limit} characters`;
      return new ApiProblem(400, 'InvalidInput', `${e.field} ${message}`, {
        problems: [{ field: e.field, problem: e.problem, ...(e.problem === 'tooLong' ? { limit: e.limit } : {}), message }],
      });
    }
    case 'tooMany':
      return new ApiProblem(
        429,
        'TooManyComments',
        `You have written many comments in a short time. Wait ${Math.ceil(e.retryAfterMs / 1000)} seconds and try again.`,
      );
    case 'editWindowClosed':
      return new ApiProblem(
        409,
        'EditWindowClosed',
        `A comment can be changed or deleted only within ${EDIT_WINDOW_MS / 60_000} minutes of writing it.`,
      );
    case 'hidden':
      return new ApiProblem(409, 'Hidden', 'A coach has hidden this comment; it can no longer be changed.');
    case 'notAComment':
      return new ApiProblem(409, 'NotAComment', 'Internal notes cannot be hidden; only comments can.');
  }
}
