import { COMMENT_KINDS } from '../domain/comments/comment';
import { obj, ref, str, type Schema } from './json-schema';

/** The answers of the comment routes in the OpenAPI document; the API tests check real answers against them. */

const person = obj({ id: str(), name: str() }, ['id', 'name']);
const dateTime = str({ format: 'date-time' });

export const commentSchemas = {
  CommentItem: obj(
    {
      id: str(),
      kind: str({ enum: [...COMMENT_KINDS], description: '`note`: an internal note, only ever sent to coaches and admins.' }),
      author: person,
      text: str({ description: 'As written; show it literally. Empty for a hidden comment unless you coach the sluice.' }),
      at: dateTime,
      editedAt: dateTime,
      hidden: obj({ by: person, at: dateTime, reason: str() }, ['by', 'at', 'reason']),
      mine: { type: 'boolean' },
      editableUntil: { ...dateTime, description: 'Until when you may edit or delete it; absent when you may not.' },
      mayHide: { type: 'boolean' },
    },
    ['id', 'kind', 'author', 'text', 'at', 'mine', 'mayHide'],
  ),
  CommentsResponse: obj({ items: { type: 'array', items: ref('CommentItem') }, mayWriteNotes: { type: 'boolean' } }, [
    'items',
    'mayWriteNotes',
  ]),
  CommentResponse: obj({ comment: ref('CommentItem') }, ['comment']),
} satisfies Record<string, Schema>;

/** A reference to one of the comment schemas, for a route's answer. */
export function commentRef(name: keyof typeof commentSchemas): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
