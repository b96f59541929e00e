import type { Container, SqlParameter } from '@azure/cosmos';
import type { Idea } from '../../domain/idea';
import { ConflictError, type Page, type Versioned } from '../../domain/ports';
import type { GallringRecord, GallringStore, RetentionSource } from '../../domain/retention/gallring';
import { decodeTimeCursor, encodeTimeCursor, statusOf, withoutSystemFields } from './database';

/**
 * Gallring records in the `participation` container (`kind: 'gallring'`, partitioned by sluice,
 * the drafts' records under their own scope). Nothing in the app removes them: they are kept.
 */
export class CosmosGallringStore implements GallringStore {
  constructor(private readonly container: Container) {}

  async get(sluiceId: string, id: string): Promise<Versioned<GallringRecord> | undefined> {
    try {
      const { resource } = await this.container.item(id, sluiceId).read<Record<string, unknown>>();
      return resource ? versioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async claim(record: GallringRecord): Promise<Versioned<GallringRecord> | undefined> {
    try {
      const { resource } = await this.container.items.create(record);
      return versioned(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 409) return undefined;
      throw err;
    }
  }

  async replace(record: GallringRecord, etag: string): Promise<Versioned<GallringRecord>> {
    try {
      const { resource } = await this.container
        .item(record.id, record.sluiceId)
        .replace(record, { accessCondition: { type: 'IfMatch', condition: etag } });
      return versioned(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) throw new ConflictError(`Gallring record ${record.id} was changed`);
      throw err;
    }
  }

  async list(scopes: readonly string[], request: { pageSize: number; continuation?: string }): Promise<Page<GallringRecord>> {
    const pageSize = Math.max(1, Math.min(100, Math.trunc(request.pageSize)));
    const cursor = request.continuation ? decodeTimeCursor(request.continuation) : undefined;
    const where = ['ARRAY_CONTAINS(@scopes, c.sluiceId)', "c.kind = 'gallring'"];
    const parameters: SqlParameter[] = [{ name: '@scopes', value: [...scopes] }];
    if (cursor) {
      where.push('(c.atMs < @ms OR (c.atMs = @ms AND c.id < @id))');
      parameters.push({ name: '@ms', value: cursor.ms }, { name: '@id', value: cursor.id });
    }
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: `SELECT TOP ${pageSize + 1} * FROM c WHERE ${where.join(' AND ')} ORDER BY c.atMs DESC, c.id DESC`,
        parameters,
      })
      .fetchAll();
    const items = resources.slice(0, pageSize).map((r) => withoutSystemFields<GallringRecord>(r));
    const last = items[items.length - 1];
    return { items, ...(resources.length > pageSize && last ? { continuation: encodeTimeCursor({ ms: last.atMs, id: last.id }) } : {}) };
  }
}

/** What the gallring job reads and removes: ideas, audit entries and givers' drafts, each by one query or point operation. */
export class CosmosRetentionSource implements RetentionSource {
  constructor(private readonly containers: { readonly ideas: Container; readonly audit: Container; readonly botstate: Container }) {}

  async endedBefore(sluiceId: string, stage: string, beforeIso: string, limit: number): Promise<Idea[]> {
    const top = Math.max(1, Math.min(1000, Math.trunc(limit)));
    const { resources } = await this.containers.ideas.items
      .query<Record<string, unknown>>({
        query: `SELECT TOP ${top} * FROM c WHERE c.sluiceId = @sluiceId AND c.stage = @stage AND c.stageChangedAt < @before ORDER BY c.stageChangedAt ASC`,
        parameters: [
          { name: '@sluiceId', value: sluiceId },
          { name: '@stage', value: stage },
          { name: '@before', value: beforeIso },
        ],
      })
      .fetchAll();
    return resources.map((doc) => {
      const { searchText: _search, ...idea } = withoutSystemFields<Idea & { searchText?: string }>(doc);
      void _search;
      return idea;
    });
  }

  deleteIdea(sluiceId: string, ideaId: string): Promise<boolean> {
    return deleted(this.containers.ideas, ideaId, sluiceId);
  }

  async auditBefore(sluiceId: string, beforeMs: number, limit: number): Promise<string[]> {
    const top = Math.max(1, Math.min(1000, Math.trunc(limit)));
    const { resources } = await this.containers.audit.items
      .query<string>({
        query: `SELECT TOP ${top} VALUE c.id FROM c WHERE c.sluiceId = @sluiceId AND c.atMs < @before ORDER BY c.atMs ASC`,
        parameters: [
          { name: '@sluiceId', value: sluiceId },
          { name: '@before', value: beforeMs },
        ],
      })
      .fetchAll();
    return resources;
  }

  deleteAudit(sluiceId: string, auditId: string): Promise<boolean> {
    return deleted(this.containers.audit, auditId, sluiceId);
  }

  async staleDrafts(beforeIso: string, limit: number): Promise<string[]> {
    const top = Math.max(1, Math.min(1000, Math.trunc(limit)));
    const { resources } = await this.containers.botstate.items
      .query<string>({
        query: `SELECT TOP ${top} VALUE c.id FROM c WHERE IS_DEFINED(c.document.capture.draft) AND c.document.capture.draft.updatedAt < @before`,
        parameters: [{ name: '@before', value: beforeIso }],
      })
      .fetchAll();
    return resources;
  }

  async removeDraft(stateId: string, beforeIso: string): Promise<boolean> {
    const item = this.containers.botstate.item(stateId, stateId);
    let doc: DraftDocument | undefined;
    try {
      doc = (await item.read<DraftDocument>()).resource;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
    const capture = doc?.document?.capture;
    const updatedAt = capture?.draft?.updatedAt;
    if (!doc?._etag || !capture || typeof updatedAt !== 'string' || updatedAt >= beforeIso) return false;
    // The draft and what only a draft needs (the "start over?" question, the ideas shown beside it) go;
    // what the giver handed in and their last department stay.
    const { draft: _draft, restart: _restart, similar: _similar, ...kept } = capture;
    void _draft;
    void _restart;
    void _similar;
    const { _etag, ...rest } = doc;
    try {
      await item.replace(
        { ...withoutSystemFields<Record<string, unknown>>(rest), document: { ...doc.document, capture: kept } },
        {
          accessCondition: { type: 'IfMatch', condition: _etag },
        },
      );
      return true;
    } catch (err) {
      // The giver wrote meanwhile (or someone else removed it): not stale any more, or done.
      if (statusOf(err) === 412 || statusOf(err) === 404) return false;
      throw err;
    }
  }
}

interface DraftDocument {
  id: string;
  _etag?: string;
  document?: { capture?: { draft?: { updatedAt?: string }; restart?: unknown; similar?: unknown; [key: string]: unknown } };
  [key: string]: unknown;
}

async function deleted(container: Container, id: string, partition: string): Promise<boolean> {
  try {
    await container.item(id, partition).delete();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

function versioned(doc: Record<string, unknown>): Versioned<GallringRecord> {
  return { value: withoutSystemFields<GallringRecord>(doc), etag: String(doc['_etag']) };
}
