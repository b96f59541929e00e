import type { Container } from '@azure/cosmos';
import type { CommentKind, IdeaComment } from '../../domain/comments/comment';
import type { CommentRepository } from '../../domain/comments/comment-service';
import { ConflictError, type Versioned } from '../../domain/ports';
import { statusOf, withoutSystemFields } from './database';

/**
 * Comments and internal notes in the `participation` container (partition `/sluiceId`), one
 * document each, `kind` `comment` or `note`. Point reads by id, eTag-conditional replaces, and
 * queries on the composite index `ideaId, atMs`.
 */
export class CosmosCommentRepository implements CommentRepository {
  constructor(private readonly container: Container) {}

  async create(comment: IdeaComment): Promise<{ created: boolean; comment: Versioned<IdeaComment> }> {
    try {
      const { resource } = await this.container.items.create(comment);
      if (!resource) throw new Error('Cosmos returned no document on create');
      return { created: true, comment: toComment(resource as unknown as Record<string, unknown>) };
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      const existing = await this.get(comment.sluiceId, comment.id);
      if (!existing) throw err;
      return { created: false, comment: existing };
    }
  }

  async get(sluiceId: string, commentId: string): Promise<Versioned<IdeaComment> | undefined> {
    try {
      const { resource } = await this.container.item(commentId, sluiceId).read<Record<string, unknown>>();
      if (!resource || (resource['kind'] !== 'comment' && resource['kind'] !== 'note')) return undefined;
      return toComment(resource);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async replace(comment: IdeaComment, etag: string): Promise<Versioned<IdeaComment>> {
    try {
      const { resource } = await this.container
        .item(comment.id, comment.sluiceId)
        .replace(comment, { accessCondition: { type: 'IfMatch', condition: etag } });
      if (!resource) throw new Error('Cosmos returned no document on replace');
      return toComment(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) throw new ConflictError(`Comment ${comment.id} was changed by someone else`);
      throw err;
    }
  }

  async listForIdea(sluiceId: string, ideaId: string, kinds: readonly CommentKind[]): Promise<IdeaComment[]> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        {
          query: 'SELECT * FROM c WHERE c.ideaId = @ideaId AND ARRAY_CONTAINS(@kinds, c.kind) ORDER BY c.ideaId ASC, c.atMs ASC',
          parameters: [
            { name: '@ideaId', value: ideaId },
            { name: '@kinds', value: [...kinds] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    // Ties in the millisecond are ordered by id, so every reader sees one order.
    return resources
      .map((r) => withoutSystemFields<IdeaComment>(r))
      .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function toComment(doc: Record<string, unknown>): Versioned<IdeaComment> {
  return { value: withoutSystemFields<IdeaComment>(doc), etag: String(doc['_etag']) };
}
