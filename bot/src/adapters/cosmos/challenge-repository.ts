import type { Container } from '@azure/cosmos';
import type { Challenge, ChallengeIdea, ChallengeIdeaSource, ChallengeRepository } from '../../domain/challenges';
import { AlreadyExistsError, ConflictError, RECENT_READ_MS, type Versioned } from '../../domain/ports';
import { RecentMap } from '../../domain/recent-map';
import type { Stage } from '../../domain/stages';
import { statusOf, withoutSystemFields } from './database';

/** The `kind` of a challenge in the participation container. */
const KIND = 'challenge';

type Stored = Challenge & { readonly kind: typeof KIND };

function toVersioned(doc: Record<string, unknown>): Versioned<Challenge> {
  const etag = String(doc['_etag'] ?? '');
  const { kind: _kind, ...value } = withoutSystemFields<Stored>(doc);
  void _kind;
  return { value, etag };
}

/**
 * Challenges in the `participation` container (partition `/sluiceId`, `kind: 'challenge'`):
 * point reads by id, one query per list, and an `IfMatch` replace for every change.
 */
export class CosmosChallengeRepository implements ChallengeRepository {
  constructor(private readonly container: Container) {}

  /** Each sluice's list (by sluice and limit) as read lately, for {@link recentList}; emptied by every write here. */
  private readonly recent = new RecentMap<string, Challenge[]>({ max: 1_000, maxAgeMs: RECENT_READ_MS });

  async create(challenge: Challenge): Promise<void> {
    try {
      await this.container.items.create<Stored>({ ...challenge, kind: KIND });
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(`Challenge ${challenge.id} exists`);
      throw err;
    } finally {
      this.recent.clear();
    }
  }

  async recentList(sluiceId: string, limit: number): Promise<Challenge[]> {
    const key = `${sluiceId}\n${limit}`;
    const known = this.recent.get(key);
    if (known) return known.value;
    const listed = await this.list(sluiceId, limit);
    this.recent.set(key, listed);
    return listed;
  }

  async get(sluiceId: string, id: string): Promise<Versioned<Challenge> | undefined> {
    try {
      const { resource } = await this.container.item(id, sluiceId).read<Record<string, unknown>>();
      if (!resource || resource['kind'] !== KIND) return undefined;
      return toVersioned(resource);
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async list(sluiceId: string, limit: number): Promise<Challenge[]> {
    const top = Math.max(1, Math.min(500, Math.floor(limit)));
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        {
          query: `SELECT TOP ${top} * FROM c WHERE c.sluiceId = @sluiceId AND c.kind = @kind ORDER BY c.createdAtMs DESC`,
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@kind', value: KIND },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources.map((r) => toVersioned(r).value);
  }

  async dueToClose(nowMs: number, limit: number): Promise<Versioned<Challenge>[]> {
    const top = Math.max(1, Math.min(100, Math.floor(limit)));
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: `SELECT TOP ${top} * FROM c WHERE c.kind = @kind AND c.state = 'open' AND c.closesAtMs <= @now ORDER BY c.closesAtMs ASC`,
        parameters: [
          { name: '@kind', value: KIND },
          { name: '@now', value: nowMs },
        ],
      })
      .fetchAll();
    return resources.map(toVersioned);
  }

  async replace(challenge: Challenge, etag: string): Promise<Versioned<Challenge>> {
    try {
      const { resource } = await this.container
        .item(challenge.id, challenge.sluiceId)
        .replace<Stored>({ ...challenge, kind: KIND }, { accessCondition: { type: 'IfMatch', condition: etag } });
      if (!resource) throw new Error('Cosmos returned no document on replace');
      return toVersioned(resource as unknown as Record<string, unknown>);
    } catch (err) {
      if (statusOf(err) === 412) throw new ConflictError(`Challenge ${challenge.id} changed`);
      throw err;
    } finally {
      this.recent.clear();
    }
  }
}

/** The ideas that answered challenges, with one query on the ideas container's indexed `challengeId`. */
export class CosmosChallengeIdeas implements ChallengeIdeaSource {
  constructor(private readonly ideas: Container) {}

  async ideasOf(sluiceId: string, challengeIds: readonly string[]): Promise<ReadonlyMap<string, readonly ChallengeIdea[]>> {
    const byChallenge = new Map<string, ChallengeIdea[]>();
    if (challengeIds.length === 0) return byChallenge;
    const { resources } = await this.ideas.items
      .query<ChallengeIdea & { challengeId: string }>(
        {
          query:
            'SELECT c.id, c.number, c.title, c.stage, c.department, c.challengeId FROM c WHERE c.sluiceId = @sluiceId AND ARRAY_CONTAINS(@ids, c.challengeId) ORDER BY c.number ASC',
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ids', value: [...challengeIds] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    for (const r of resources) {
      const list = byChallenge.get(r.challengeId) ?? [];
      list.push({ id: r.id, number: r.number, title: r.title, stage: r.stage as Stage, department: r.department });
      byChallenge.set(r.challengeId, list);
    }
    return byChallenge;
  }
}
