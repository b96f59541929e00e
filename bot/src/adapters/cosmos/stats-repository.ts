import type { Container, SqlParameter } from '@azure/cosmos';
import { AlreadyExistsError, ConflictError, type Versioned } from '../../domain/ports';
import { monthId, type ImplementedIdea, type MonthAggregate } from '../../domain/stats/aggregate';
import type { ExportRecord, StatsRepository } from '../../domain/stats/ports';
import type { MonthFigures } from '../../domain/stats/report';
import { statusOf, withoutSystemFields } from './database';

/** What the stats container holds besides the domain fields: a type tag. */
type Stored<T, K extends string> = T & { id: string; sluiceId: string; type: K };

const SWEEP = { id: 'sweep', sluiceId: '_sweep' } as const;

/**
 * The statistics in Cosmos (container `stats`, partition key `/sluiceId`): one document per
 * sluice and month, updated with `IfMatch`, and one per export. A report reads projections of the
 * months (their cells, every month's stage flow and eTag, the period's implemented ideas) with
 * queries in the sluice's partition; the exactly-once ledger is only read by the updates.
 */
export class CosmosStatsRepository implements StatsRepository {
  constructor(private readonly container: Container) {}

  async getMonth(sluiceId: string, month: string): Promise<Versioned<MonthAggregate> | undefined> {
    try {
      const { resource } = await this.container.item(`${sluiceId}:${month}`, sluiceId).read<Record<string, unknown>>();
      return resource ? versioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async createMonth(month: MonthAggregate): Promise<string> {
    try {
      const { resource } = await this.container.items.create<Stored<MonthAggregate, 'month'>>({ ...month, type: 'month' });
      return etagOf(resource);
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(`Statistics for ${month.id} already exist`);
      throw err;
    }
  }

  async replaceMonth(month: MonthAggregate, etag: string): Promise<string> {
    try {
      const { resource } = await this.container
        .item(month.id, month.sluiceId)
        .replace<Stored<MonthAggregate, 'month'>>({ ...month, type: 'month' }, { accessCondition: { type: 'IfMatch', condition: etag } });
      return etagOf(resource);
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404)
        throw new ConflictError(`Statistics for ${month.id} were changed by another writer`);
      throw err;
    }
  }

  async figures(sluiceId: string, from: string, to: string): Promise<MonthFigures[]> {
    // Projected: the ledger and the implemented ideas stay in the database, so the cost is the
    // months asked for times their cells, whatever the number of ideas counted in them.
    return this.monthQuery<MonthFigures>('c.month, c.cells', 'AND c.month >= @from AND c.month <= @to', sluiceId, [
      { name: '@from', value: from },
      { name: '@to', value: to },
    ]);
  }

  async implemented(sluiceId: string, months: readonly string[]): Promise<ImplementedIdea[]> {
    if (months.length === 0) return [];
    const ids = months.map((m) => monthId(sluiceId, m));
    const found = await this.monthQuery<{ implemented: ImplementedIdea[] }>('c.implemented', 'AND ARRAY_CONTAINS(@ids, c.id)', sluiceId, [
      { name: '@ids', value: ids },
    ]);
    return found.flatMap((m) => m.implemented);
  }

  async flows(sluiceId: string): Promise<{ version: string; flows: MonthAggregate['flow'][] }> {
    const months = await this.monthQuery<{ month: string; flow: MonthAggregate['flow']; _etag: string }>(
      'c.month, c.flow, c._etag',
      '',
      sluiceId,
      [],
    );
    months.sort((a, b) => a.month.localeCompare(b.month));
    return { version: months.map((m) => `${m.month}@${m._etag}`).join(','), flows: months.map((m) => m.flow) };
  }

  private async monthQuery<T>(select: string, where: string, sluiceId: string, parameters: SqlParameter[]): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T>(
        {
          query: `SELECT ${select} FROM c WHERE c.sluiceId = @s AND c.type = 'month' ${where}`,
          parameters: [{ name: '@s', value: sluiceId }, ...parameters],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources;
  }

  async replaceAll(sluiceId: string, months: readonly MonthAggregate[]): Promise<void> {
    const keep = new Set(months.map((m) => m.id));
    const { resources } = await this.container.items
      .query<{ id: string }>(
        { query: "SELECT c.id FROM c WHERE c.sluiceId = @s AND c.type = 'month'", parameters: [{ name: '@s', value: sluiceId }] },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    for (const m of months) await this.container.items.upsert<Stored<MonthAggregate, 'month'>>({ ...m, type: 'month' });
    for (const { id } of resources) if (!keep.has(id)) await this.container.item(id, sluiceId).delete();
  }

  async recordExport(entry: ExportRecord): Promise<void> {
    await this.container.items.create<Stored<ExportRecord, 'export'>>({ ...entry, type: 'export' });
  }

  async exports(sluiceId: string, limit: number): Promise<ExportRecord[]> {
    const top = Math.max(1, Math.min(500, Math.floor(limit)));
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        {
          query: `SELECT TOP ${top} * FROM c WHERE c.sluiceId = @s AND c.type = 'export' ORDER BY c.at DESC`,
          parameters: [{ name: '@s', value: sluiceId }],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources.map((r) => {
      const { type, ...rest } = withoutSystemFields<Stored<ExportRecord, 'export'>>(r);
      void type;
      return rest;
    });
  }

  async sweptUntil(): Promise<number | undefined> {
    try {
      const { resource } = await this.container.item(SWEEP.id, SWEEP.sluiceId).read<{ upToMs?: unknown }>();
      return typeof resource?.upToMs === 'number' ? resource.upToMs : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async saveSweptUntil(ms: number): Promise<void> {
    // Last writer wins: instances sweep overlapping windows, and an earlier mark only means a
    // little more counting (which the ledger makes harmless) for the next sweep.
    await this.container.items.upsert({ ...SWEEP, type: 'sweep', upToMs: ms });
  }
}

function versioned(doc: Record<string, unknown>): Versioned<MonthAggregate> {
  const { type, ...value } = withoutSystemFields<Stored<MonthAggregate, 'month'>>(doc);
  void type;
  return { value, etag: etagOf(doc) };
}

function etagOf(doc: { _etag?: unknown } | undefined): string {
  const etag = doc?._etag;
  if (typeof etag !== 'string') throw new Error('Cosmos returned a document without an etag');
  return etag;
}
