import type { Container } from '@azure/cosmos';
import type { Idea } from '../../domain/idea';
import type { SimilarIdeaSource } from '../../domain/similar/similar-ideas';
import { toIndexed } from '../../domain/similar/similar-ideas';
import type { IndexedIdea } from '../../domain/similar/similar-index';

const FIELDS = 'c.id, c.sluiceId, c.number, c.tenantId, c.title, c.need, c.idea, c.department, c.stage, c.version, c.updatedAt';
type Row = Pick<
  Idea,
  'id' | 'sluiceId' | 'number' | 'tenantId' | 'title' | 'need' | 'idea' | 'department' | 'stage' | 'version' | 'updatedAt'
>;

/** Reads ideas for the similar-idea index: every sluice at start, then what changed, and what gallring removed. */
export class CosmosSimilarSource implements SimilarIdeaSource {
  constructor(
    private readonly ideas: Container,
    /** The `participation` container, where gallring records list the ideas they removed. */
    private readonly participation: Container,
  ) {}

  async *all(): AsyncIterable<IndexedIdea> {
    // Histories only of closed ideas (for their reason); the rest is read without them.
    const reasons = new Map<string, IndexedIdea>();
    const closed = this.ideas.items.query<Idea>({ query: "SELECT * FROM c WHERE c.stage = 'closed'" }, { maxItemCount: 1000 });
    for await (const page of closed.getAsyncIterator()) for (const idea of page.resources) reasons.set(idea.id, toIndexed(idea));
    const rows = this.ideas.items.query<Row>({ query: `SELECT ${FIELDS} FROM c` }, { maxItemCount: 2000 });
    for await (const page of rows.getAsyncIterator()) {
      for (const row of page.resources) yield reasons.get(row.id) ?? row;
    }
  }

  async changedSince(fromIso: string): Promise<IndexedIdea[]> {
    const { resources } = await this.ideas.items
      .query<Idea>({ query: 'SELECT * FROM c WHERE c.updatedAt >= @from', parameters: [{ name: '@from', value: fromIso }] })
      .fetchAll();
    return resources.map(toIndexed);
  }

  async removedSince(fromIso: string): Promise<Array<{ sluiceId: string; id: string }>> {
    const { resources } = await this.participation.items
      .query<{ sluiceId: string; ideas?: Array<{ id: string }> }>({
        query:
          "SELECT c.sluiceId, c.ideas FROM c WHERE c.kind = 'gallring' AND c.action = 'delete' AND c.state = 'done' AND c.completedAt >= @from",
        parameters: [{ name: '@from', value: fromIso }],
      })
      .fetchAll();
    return resources.flatMap((r) => (r.ideas ?? []).map((idea) => ({ sluiceId: r.sluiceId, id: idea.id })));
  }
}
