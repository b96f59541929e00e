import type { Container } from '@azure/cosmos';
import {
  IDEA_PARTICIPATION_KINDS,
  type IdeaParticipationKind,
  type IdeaParticipationStore,
  type ParticipationCounts,
} from '../../domain/retention/participation';
import { statusOf, withoutSystemFields } from './database';

/** The fields of each kind that name a person (`{ id, tenantId?, name }`). */
const PEOPLE: Record<IdeaParticipationKind, readonly string[]> = {
  comment: ['author'],
  note: ['author'],
  support: ['person'],
  helpOffer: ['helper'],
  score: ['coach'],
};

/** How often a document is read again when someone wrote it between the read and the strip. */
const ATTEMPTS = 5;

type Doc = Record<string, unknown> & { id: string; kind: IdeaParticipationKind; _etag?: string };

/**
 * The participation documents of ideas (comments, notes, supports, offers of help, score sheets),
 * as the gallring job removes them with an idea or strips the people from them, in the idea's
 * sluice partition.
 */
export class CosmosIdeaParticipation implements IdeaParticipationStore {
  constructor(private readonly container: Container) {}

  async countFor(sluiceId: string, ideaIds: readonly string[]): Promise<Map<string, ParticipationCounts>> {
    const counts = new Map<string, ParticipationCounts>();
    if (ideaIds.length === 0) return counts;
    const { resources } = await this.container.items
      .query<{ ideaId: string; kind: IdeaParticipationKind }>(
        {
          query:
            'SELECT c.ideaId, c.kind FROM c WHERE c.sluiceId = @sluiceId AND ARRAY_CONTAINS(@ids, c.ideaId) AND ARRAY_CONTAINS(@kinds, c.kind)',
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ids', value: [...ideaIds] },
            { name: '@kinds', value: [...IDEA_PARTICIPATION_KINDS] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    for (const { ideaId, kind } of resources) {
      const c = counts.get(ideaId) ?? {};
      c[kind] = (c[kind] ?? 0) + 1;
      counts.set(ideaId, c);
    }
    return counts;
  }

  async removeFor(sluiceId: string, ideaId: string): Promise<ParticipationCounts> {
    const counts: ParticipationCounts = {};
    for (const doc of await this.of(sluiceId, ideaId)) {
      try {
        await this.container.item(doc.id, sluiceId).delete();
        counts[doc.kind] = (counts[doc.kind] ?? 0) + 1;
      } catch (err) {
        // Removed meanwhile (the author deleted it, or another instance did): gone either way.
        if (statusOf(err) !== 404) throw err;
      }
    }
    return counts;
  }

  async stripFor(sluiceId: string, ideaId: string, replacement: { readonly id: ''; readonly name: string }): Promise<ParticipationCounts> {
    const counts: ParticipationCounts = {};
    for (const found of await this.of(sluiceId, ideaId)) {
      let doc: Doc | undefined = found;
      for (let attempt = 1; doc; attempt++) {
        const next = stripped(doc, replacement);
        if (!next) break;
        try {
          await this.container.item(doc.id, sluiceId).replace(next, { accessCondition: { type: 'IfMatch', condition: String(doc._etag) } });
          counts[doc.kind] = (counts[doc.kind] ?? 0) + 1;
          break;
        } catch (err) {
          if (statusOf(err) === 404) break;
          if (statusOf(err) !== 412 || attempt >= ATTEMPTS) throw err;
          doc = await this.read(sluiceId, doc.id);
        }
      }
    }
    return counts;
  }

  private async of(sluiceId: string, ideaId: string): Promise<Doc[]> {
    const { resources } = await this.container.items
      .query<Doc>(
        {
          query: 'SELECT * FROM c WHERE c.sluiceId = @sluiceId AND c.ideaId = @ideaId AND ARRAY_CONTAINS(@kinds, c.kind)',
          parameters: [
            { name: '@sluiceId', value: sluiceId },
            { name: '@ideaId', value: ideaId },
            { name: '@kinds', value: [...IDEA_PARTICIPATION_KINDS] },
          ],
        },
        { partitionKey: sluiceId },
      )
      .fetchAll();
    return resources;
  }

  private async read(sluiceId: string, id: string): Promise<Doc | undefined> {
    try {
      return (await this.container.item(id, sluiceId).read<Doc>()).resource;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}

/**
 * The document with every person it names replaced (the tenant kept: it names the municipality, not
 * the person), a comment's hider too; undefined when nobody is named any more.
 */
function stripped(doc: Doc, replacement: { readonly id: ''; readonly name: string }): Record<string, unknown> | undefined {
  const next: Record<string, unknown> = withoutSystemFields<Record<string, unknown>>(doc);
  let changed = false;
  const strip = (person: unknown): unknown => {
    if (!person || typeof person !== 'object') return person;
    const p = person as Record<string, unknown>;
    if (p['id'] === '' && p['name'] === replacement.name) return person;
    changed = true;
    return { ...(typeof p['tenantId'] === 'string' ? { tenantId: p['tenantId'] } : {}), ...replacement };
  };
  for (const field of PEOPLE[doc.kind]) if (field in next) next[field] = strip(next[field]);
  const hidden = next['hidden'];
  if (hidden && typeof hidden === 'object') next['hidden'] = { ...hidden, by: strip((hidden as Record<string, unknown>)['by']) };
  return changed ? next : undefined;
}
