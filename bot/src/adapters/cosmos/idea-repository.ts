import type { Container, SqlParameter } from '@azure/cosmos';
import type { Idea } from '../../domain/idea';
import {
  AlreadyExistsError,
  ConflictError,
  type IdeaFilter,
  type IdeaPageRequest,
  type IdeaRepository,
  type IdeaSummary,
  type Page,
  RECENT_READ_MS,
  type SortOrder,
  type Versioned,
} from '../../domain/ports';
import { RecentMap } from '../../domain/recent-map';
import { sealHistory } from '../../domain/record';
import { STAGES, type Stage } from '../../domain/stages';
import { statusOf, withoutSystemFields } from './database';

/**
 * The stored document: the idea plus fields only queries read — a lower-cased search field, and
 * `scoreRank`, the board's score order as one number (see {@link scoreRankOf}).
 */
type IdeaDocument = Idea & { searchText: string; scoreRank: number };

const SORTS: Record<SortOrder, { field: 'createdAtMs' | 'stageChangedAt' | 'number' | 'scoreRank'; desc: boolean }> = {
  newest: { field: 'createdAtMs', desc: true },
  oldest: { field: 'createdAtMs', desc: false },
  stageChanged: { field: 'stageChangedAt', desc: true },
  number: { field: 'number', desc: true },
  score: { field: 'scoreRank', desc: true },
};

/** Larger than any `createdAtMs` until the year 2286, so the score dominates the rank. */
const SCORE_STEP = 1e13;

/**
 * The score order as one number, kept on the document at every write of the idea: the weighted
 * score (0–100) plus one, times {@link SCORE_STEP}, plus `createdAtMs`; an unscored idea has just
 * `createdAtMs`. Sorting on it descending gives the highest score first, newest first among equal
 * scores, and the unscored last — with one keyset cursor (rank, id) and one composite index, as
 * every other sort has. At most 101 × 10^13 < 2^53, so it is exact.
 */
export function scoreRankOf(idea: Pick<Idea, 'score' | 'createdAtMs'>): number {
  return idea.score ? (idea.score.weighted + 1) * SCORE_STEP + idea.createdAtMs : idea.createdAtMs;
}

const SUMMARY_FIELDS = [
  'id',
  'sluiceId',
  'number',
  'tenantId',
  'title',
  'department',
  'stage',
  'needsInfo',
  'coach',
  'createdAt',
  'createdAtMs',
  'stageChangedAt',
  'updatedAt',
  'waitingSince',
  'noReachableCoach',
  'backupCoach',
  'score',
  'scoreRank',
] as const;

/**
 * Ideas in Cosmos, partitioned by sluice. Every query names the partition in `WHERE` (the
 * embedded server ignores the partitionKey option) and pages by keyset — the last sort value
 * and id — so paging never needs OFFSET and stays fast at any depth.
 */
export class CosmosIdeaRepository implements IdeaRepository {
  /** `now`: a monotonic clock in ms for {@link written}'s copies (tests move it); `performance.now` unless given. */
  constructor(
    private readonly container: Container,
    options: { readonly now?: () => number } = {},
  ) {
    this.lastWritten = new RecentMap({ max: 1_000, maxAgeMs: RECENT_READ_MS, ...options });
  }

  /** Each idea as this instance last stored it, for {@link written}, keyed by sluice and idea. */
  private readonly lastWritten: RecentMap<string, Versioned<Idea>>;

  async create(idea: Idea): Promise<Versioned<Idea>> {
    try {
      const { resource } = await this.container.items.create<IdeaDocument>(toDocument(idea));
      return this.keep(versioned(resource as unknown as Record<string, unknown>));
    } catch (err) {
      if (statusOf(err) === 409) throw new AlreadyExistsError(`Idea ${idea.id} already exists`);
      throw err;
    }
  }

  async get(sluiceId: string, ideaId: string): Promise<Versioned<Idea> | undefined> {
    try {
      const { resource } = await this.container.item(ideaId, sluiceId).read<Record<string, unknown>>();
      return resource ? versioned(resource) : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async replace(idea: Idea, etag: string): Promise<Versioned<Idea>> {
    try {
      const { resource } = await this.container
        .item(idea.id, idea.sluiceId)
        .replace<IdeaDocument>(toDocument(idea), { accessCondition: { type: 'IfMatch', condition: etag } });
      return this.keep(versioned(resource as unknown as Record<string, unknown>));
    } catch (err) {
      if (statusOf(err) === 412) throw new ConflictError(`Idea ${idea.id} was changed by someone else`);
      if (statusOf(err) === 404) throw new ConflictError(`Idea ${idea.id} no longer exists`);
      throw err;
    }
  }

  written(sluiceId: string, ideaId: string): Versioned<Idea> | undefined {
    return this.lastWritten.get(`${sluiceId}/${ideaId}`)?.value;
  }

  private keep(stored: Versioned<Idea>): Versioned<Idea> {
    this.lastWritten.set(`${stored.value.sluiceId}/${stored.value.id}`, stored);
    return stored;
  }

  async list(sluiceId: string, request: IdeaPageRequest): Promise<Page<IdeaSummary>> {
    const sort = SORTS[request.sort];
    const { where, parameters } = buildWhere(sluiceId, request.filter);
    const cursor = request.continuation ? decodeCursor(request.continuation) : undefined;
    if (cursor) {
      const op = sort.desc ? '<' : '>';
      where.push(`(c.${sort.field} ${op} @cursorValue OR (c.${sort.field} = @cursorValue AND c.id ${op} @cursorId))`);
      parameters.push({ name: '@cursorValue', value: cursor.v }, { name: '@cursorId', value: cursor.id });
    }
    const dir = sort.desc ? 'DESC' : 'ASC';
    const pageSize = Math.max(1, Math.min(200, Math.floor(request.pageSize)));
    const fields = SUMMARY_FIELDS.map((f) => `c.${f}`).join(', ');
    const query = `SELECT TOP ${pageSize + 1} ${fields}, {"id": c.giver.id, "name": c.giver.name} AS giver FROM c WHERE ${where.join(
      ' AND ',
    )} ORDER BY c.${sort.field} ${dir}, c.id ${dir}`;
    const { resources } = await this.container.items.query<Record<string, unknown>>({ query, parameters }).fetchAll();
    const page = resources.slice(0, pageSize);
    const last = page[page.length - 1];
    const more = resources.length > pageSize && last !== undefined;
    return {
      items: page.map(toSummary),
      ...(more ? { continuation: encodeCursor({ v: last[sort.field] as string | number, id: String(last['id']) }) } : {}),
    };
  }

  async countByStage(sluiceId: string, filter: IdeaFilter): Promise<Record<Stage, number>> {
    // GROUP BY is not available on the embedded server, so one COUNT per stage, in parallel.
    const counts = await Promise.all(
      STAGES.map(async (stage) => {
        if (filter.stages && !filter.stages.includes(stage)) return [stage, 0] as const;
        const { where, parameters } = buildWhere(sluiceId, { ...filter, stages: [stage] });
        const { resources } = await this.container.items
          .query<number>({ query: `SELECT VALUE COUNT(1) FROM c WHERE ${where.join(' AND ')}`, parameters })
          .fetchAll();
        return [stage, resources[0] ?? 0] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<Stage, number>;
  }

  async *all(sluiceId: string): AsyncIterable<Idea> {
    const iterator = this.container.items.query<Record<string, unknown>>(
      { query: 'SELECT * FROM c WHERE c.sluiceId = @sluiceId', parameters: [{ name: '@sluiceId', value: sluiceId }] },
      { maxItemCount: 500 },
    );
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      for (const doc of resources ?? []) yield withoutSearch(withoutSystemFields<IdeaDocument>(doc));
    }
  }
}

function buildWhere(sluiceId: string, filter: IdeaFilter): { where: string[]; parameters: SqlParameter[] } {
  const where = ['c.sluiceId = @sluiceId'];
  const parameters: SqlParameter[] = [{ name: '@sluiceId', value: sluiceId }];
  const add = (clause: string, name: string, value: SqlParameter['value']): void => {
    where.push(clause);
    parameters.push({ name, value });
  };
  if (filter.stages && filter.stages.length === 1) add('c.stage = @stage', '@stage', filter.stages[0] as string);
  else if (filter.stages && filter.stages.length > 1) add('ARRAY_CONTAINS(@stages, c.stage)', '@stages', [...filter.stages]);
  if (filter.department) add('c.department = @department', '@department', filter.department);
  if (filter.coachId) add('c.coach.id = @coachId', '@coachId', filter.coachId);
  if (filter.tenantId) add('c.tenantId = @tenantId', '@tenantId', filter.tenantId);
  if (filter.giverId) add('c.giver.id = @giverId', '@giverId', filter.giverId);
  if (filter.number !== undefined) add('c.number = @number', '@number', filter.number);
  if (filter.needsInfo !== undefined) add('c.needsInfo = @needsInfo', '@needsInfo', filter.needsInfo);
  if (filter.challengeId) add('c.challengeId = @challengeId', '@challengeId', filter.challengeId);
  if (filter.submittedFrom) add('c.createdAtMs >= @from', '@from', Date.parse(filter.submittedFrom));
  if (filter.submittedTo) add('c.createdAtMs < @to', '@to', Date.parse(filter.submittedTo));
  const text = filter.text?.trim().toLowerCase();
  if (text) add('CONTAINS(c.searchText, @text)', '@text', text);
  return { where, parameters };
}

/** The stored document: every new history event sealed onto the idea's hash chain, the search field and the score rank. */
export function toDocument(idea: Idea): IdeaDocument {
  return {
    ...idea,
    history: sealHistory(idea.history),
    searchText: `${idea.title}\n${idea.need}\n${idea.idea}`.toLowerCase(),
    scoreRank: scoreRankOf(idea),
  };
}

function withoutSearch(doc: IdeaDocument): Idea {
  const { searchText, scoreRank, ...idea } = doc;
  void searchText;
  void scoreRank;
  return idea;
}

function versioned(doc: Record<string, unknown>): Versioned<Idea> {
  return { value: withoutSearch(withoutSystemFields<IdeaDocument>(doc)), etag: String(doc['_etag']) };
}

function toSummary(doc: Record<string, unknown>): IdeaSummary {
  const { createdAtMs, scoreRank, ...rest } = doc;
  void createdAtMs;
  void scoreRank;
  return rest as unknown as IdeaSummary;
}

interface Cursor {
  v: string | number;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Reads a continuation token; a token that was not made here is treated as "from the start". */
export function decodeCursor(token: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { v, id } = value as Record<string, unknown>;
    if ((typeof v === 'string' || typeof v === 'number') && typeof id === 'string') return { v, id };
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gives every idea of the sluice stored before the score sort existed its `scoreRank`, so sorting
 * by score never leaves one out. Each is a conditional replace of the document as read; one that
 * changed meanwhile was written by the app, which sets the rank itself. Run at start; when every
 * idea has its rank it is one query. Returns how many it wrote.
 */
export async function addMissingScoreRanks(container: Container, sluiceId: string): Promise<number> {
  let written = 0;
  for (;;) {
    const { resources } = await container.items
      .query<Record<string, unknown>>({
        query: 'SELECT TOP 100 * FROM c WHERE c.sluiceId = @sluiceId AND NOT IS_DEFINED(c.scoreRank)',
        parameters: [{ name: '@sluiceId', value: sluiceId }],
      })
      .fetchAll();
    if (resources.length === 0) return written;
    let changed = 0;
    for (const doc of resources) {
      const idea = withoutSystemFields<Idea>(doc);
      try {
        await container
          .item(idea.id, sluiceId)
          .replace({ ...idea, scoreRank: scoreRankOf(idea) }, { accessCondition: { type: 'IfMatch', condition: String(doc['_etag']) } });
        changed++;
      } catch (err) {
        if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
      }
    }
    written += changed;
    // Every one of this batch changed under us: the app is writing them, with their rank.
    if (changed === 0) return written;
  }
}
