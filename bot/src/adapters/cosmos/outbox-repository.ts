import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { CardCopy, CardCopyKind, CardCopyRepository, IdeaChangeFeed, NotificationJob, OutboxRepository } from '../../domain/outbox';
import { ConflictError, type Versioned } from '../../domain/ports';
import { statusOf, withoutSystemFields } from './database';

/** What the outbox container holds besides the domain fields: a partition and a type tag. */
type Stored<T, K extends string> = T & { id: string; partition: string; type: K };

const SWEEP_ID = 'sweep';

/**
 * The notification outbox in Cosmos (container `outbox`, partition key `/partition`). Jobs are
 * partitioned by idea, so all of an idea's jobs live together; workers find due jobs with one
 * cross-partition query and claim them with an `IfMatch` replace.
 */
export class CosmosOutboxRepository implements OutboxRepository {
  constructor(private readonly container: Container) {}

  async enqueue(job: NotificationJob): Promise<boolean> {
    return (await this.create(job)) !== undefined;
  }

  async create(job: NotificationJob): Promise<Versioned<NotificationJob> | undefined> {
    try {
      const { resource } = await this.container.items.create<Stored<NotificationJob, 'job'>>({
        ...job,
        partition: job.ideaId,
        type: 'job',
      });
      if (!resource) throw new Error('Cosmos returned no document on create');
      return toJob(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 409) return undefined;
      throw err;
    }
  }

  async get(ideaId: string, jobId: string): Promise<Versioned<NotificationJob> | undefined> {
    try {
      const { resource } = await this.container.item(jobId, ideaId).read<Record<string, unknown>>();
      return resource ? toJob(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async due(nowMs: number, limit: number): Promise<Versioned<NotificationJob>[]> {
    const top = Math.max(1, Math.min(100, Math.floor(limit)));
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: `SELECT TOP ${top} * FROM c WHERE c.type = 'job' AND c.status = 'pending' AND c.dueAtMs <= @now ORDER BY c.dueAtMs ASC`,
        parameters: [{ name: '@now', value: nowMs }],
      })
      .fetchAll();
    return resources.map(toJob);
  }

  async replace(job: NotificationJob, etag: string): Promise<Versioned<NotificationJob>> {
    try {
      const { resource } = await this.container
        .item(job.id, job.ideaId)
        .replace<Stored<NotificationJob, 'job'>>(
          { ...withoutUndefined(job), partition: job.ideaId, type: 'job' },
          { accessCondition: { type: 'IfMatch', condition: etag } },
        );
      if (!resource) throw new Error('Cosmos returned no document on replace');
      return toJob(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 412 || statusOf(err) === 404) throw new ConflictError(`Outbox job ${job.id} was changed by another worker`);
      throw err;
    }
  }

  async sweptUntil(): Promise<number | undefined> {
    try {
      const { resource } = await this.container.item(SWEEP_ID, SWEEP_ID).read<{ upToMs?: unknown }>();
      return typeof resource?.upToMs === 'number' ? resource.upToMs : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async saveSweptUntil(ms: number): Promise<void> {
    // Last writer wins: instances sweep overlapping windows, and a smaller mark only means a
    // little more work for the next sweep.
    await this.container.items.upsert({ id: SWEEP_ID, partition: SWEEP_ID, type: 'sweep', upToMs: ms });
  }
}

/**
 * Where the bot posted cards, one document per message, partitioned by its own id so the invoke
 * path can check "which idea is this card about" with one point read.
 */
export class CosmosCardCopyRepository implements CardCopyRepository {
  constructor(private readonly container: Container) {}

  async record(copy: CardCopy): Promise<void> {
    const id = copyIdFor(copy.conversationId, copy.activityId);
    await this.container.items.upsert<Stored<CardCopy, 'cardCopy'>>({ ...copy, id, partition: id, type: 'cardCopy' });
  }

  async find(conversationId: string, activityId: string): Promise<CardCopy | undefined> {
    const id = copyIdFor(conversationId, activityId);
    try {
      const { resource } = await this.container.item(id, id).read<Record<string, unknown>>();
      return resource ? toCopy(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async listForIdea(ideaId: string, kind: CardCopyKind): Promise<CardCopy[]> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: "SELECT * FROM c WHERE c.type = 'cardCopy' AND c.ideaId = @ideaId AND c.kind = @kind",
        parameters: [
          { name: '@ideaId', value: ideaId },
          { name: '@kind', value: kind },
        ],
      })
      .fetchAll();
    return resources.map(toCopy);
  }
}

/** Ideas changed since a moment, read from the ideas container for the recovery sweep. */
export class CosmosIdeaChangeFeed implements IdeaChangeFeed {
  constructor(private readonly ideas: Container) {}

  async changedSince(fromIso: string): Promise<Array<{ sluiceId: string; ideaId: string }>> {
    const { resources } = await this.ideas.items
      .query<{ id: string; sluiceId: string }>({
        query: 'SELECT c.id, c.sluiceId FROM c WHERE c.updatedAt >= @from',
        parameters: [{ name: '@from', value: fromIso }],
      })
      .fetchAll();
    return resources.map((r) => ({ sluiceId: r.sluiceId, ideaId: r.id }));
  }
}

/** Conversation ids can be long and hold characters Cosmos ids may not (`/`, `#`): hash them. */
export function copyIdFor(conversationId: string, activityId: string): string {
  return `copy:${createHash('sha256').update(`${conversationId}\n${activityId}`).digest('hex').slice(0, 40)}`;
}

function toJob(doc: Record<string, unknown>): Versioned<NotificationJob> {
  const { partition, type, ...job } = withoutSystemFields<Stored<NotificationJob, 'job'>>(doc);
  void partition;
  void type;
  return { value: job, etag: String(doc['_etag']) };
}

function toCopy(doc: Record<string, unknown>): CardCopy {
  const { partition, type, id, ...copy } = withoutSystemFields<Stored<CardCopy, 'cardCopy'>>(doc);
  void partition;
  void type;
  void id;
  return copy;
}

/** Cosmos keeps `undefined` out anyway; removing it keeps a released lease from lingering as null. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
