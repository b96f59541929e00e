import type { Container } from '@azure/cosmos';
import type { AuditEvent, AuditLog } from '../../domain/admin/audit';
import type { Page } from '../../domain/ports';
import { decodeTimeCursor, encodeTimeCursor, statusOf, withoutSystemFields } from './database';

/**
 * The audit log in Cosmos: one document per entry in the `audit` container, partitioned by
 * sluice. Only `create` is ever called on it, so an entry cannot be changed through the app.
 */
export class CosmosAuditLog implements AuditLog {
  constructor(private readonly container: Container) {}

  async append(event: AuditEvent): Promise<void> {
    try {
      await this.container.items.create(event);
    } catch (err) {
      // The same entry again (a retried write): it is already there.
      if (statusOf(err) === 409) return;
      throw err;
    }
  }

  async list(sluiceId: string, request: { pageSize: number; continuation?: string }): Promise<Page<AuditEvent>> {
    const cursor = request.continuation ? decodeTimeCursor(request.continuation) : undefined;
    const pageSize = Math.max(1, Math.min(100, Math.trunc(request.pageSize)));
    const where = ['c.sluiceId = @sluiceId'];
    const parameters: { name: string; value: string | number }[] = [{ name: '@sluiceId', value: sluiceId }];
    if (cursor) {
      where.push('(c.atMs < @ms OR (c.atMs = @ms AND c.id < @id))');
      parameters.push({ name: '@ms', value: cursor.ms }, { name: '@id', value: cursor.id });
    }
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        { query: `SELECT TOP ${pageSize + 1} * FROM c WHERE ${where.join(' AND ')} ORDER BY c.atMs DESC, c.id DESC`, parameters },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    const items = resources.slice(0, pageSize).map((r) => withoutSystemFields<AuditEvent>(r));
    const last = items[items.length - 1];
    return { items, ...(resources.length > pageSize && last ? { continuation: encodeTimeCursor({ ms: last.atMs, id: last.id }) } : {}) };
  }
}
