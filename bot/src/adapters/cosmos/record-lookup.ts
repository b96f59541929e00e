import type { Container } from '@azure/cosmos';
import type { FoundIdea, RecordLookup, RemovedIdea } from '../../domain/retention/record-lookup';
import type { GallringRecord } from '../../domain/retention/gallring';

/** Ideas by number or record serial, and the gallring records that removed ideas, in the sluice's partition. */
export class CosmosRecordLookup implements RecordLookup {
  constructor(private readonly containers: { readonly ideas: Container; readonly participation: Container }) {}

  byNumber(sluiceId: string, number: number): Promise<FoundIdea | undefined> {
    return this.idea(sluiceId, 'c.number = @n', [{ name: '@n', value: number }]);
  }

  bySerial(sluiceId: string, year: number, serial: number): Promise<FoundIdea | undefined> {
    return this.idea(sluiceId, 'c.record.year = @y AND c.record.serial = @s', [
      { name: '@y', value: year },
      { name: '@s', value: serial },
    ]);
  }

  async removed(
    sluiceId: string,
    match: { readonly number: number } | { readonly references: readonly string[] },
  ): Promise<RemovedIdea | undefined> {
    const conditions =
      'number' in match
        ? { where: 'ARRAY_CONTAINS(c.ideas, { "number": @n }, true)', parameters: [{ name: '@n', value: match.number }] }
        : {
            where: `(${match.references.map((_, i) => `ARRAY_CONTAINS(c.ideas, { "reference": @r${i} }, true)`).join(' OR ')})`,
            parameters: match.references.map((value, i) => ({ name: `@r${i}`, value })),
          };
    if ('references' in match && match.references.length === 0) return undefined;
    const { resources } = await this.containers.participation.items
      .query<GallringRecord>(
        {
          query: `SELECT TOP 1 * FROM c WHERE c.sluiceId = @sluiceId AND c.kind = 'gallring' AND c.action = 'delete' AND ${conditions.where} ORDER BY c.atMs DESC, c.id DESC`,
          parameters: [{ name: '@sluiceId', value: sluiceId }, ...conditions.parameters],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    const record = resources[0];
    if (!record) return undefined;
    const idea = record.ideas.find((i) => ('number' in match ? i.number === match.number : match.references.includes(i.reference ?? '')));
    if (!idea) return undefined;
    return {
      number: idea.number,
      ...(idea.reference ? { reference: idea.reference } : {}),
      ...(idea.title ? { title: idea.title } : {}),
      recordId: record.id,
      at: record.completedAt ?? record.claimedAt,
      rule: record.rule,
      decision: record.decision,
    };
  }

  private async idea(sluiceId: string, where: string, parameters: { name: string; value: number }[]): Promise<FoundIdea | undefined> {
    const { resources } = await this.containers.ideas.items
      .query<{ id: string; number: number; reference?: string; title: string; stage: FoundIdea['stage'] }>(
        {
          query: `SELECT TOP 1 c.id, c.number, c.record.reference, c.title, c.stage FROM c WHERE c.sluiceId = @sluiceId AND ${where}`,
          parameters: [{ name: '@sluiceId', value: sluiceId }, ...parameters],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    const doc = resources[0];
    if (!doc) return undefined;
    return { id: doc.id, number: doc.number, ...(doc.reference ? { reference: doc.reference } : {}), title: doc.title, stage: doc.stage };
  }
}
