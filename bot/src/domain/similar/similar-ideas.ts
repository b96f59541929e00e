import type { ImportListener } from '../admin/import-service';
import type { Idea } from '../idea';
import type { IdeaListener } from '../idea-service';
import { PeriodicTask } from '../periodic-task';
import type { Clock } from '../ports';
import type { Analyzer } from './analyze';
import { SimilarIndex, type DraftText, type FindOptions, type IndexedIdea, type SimilarMatch } from './similar-index';

/** Where the index reads ideas from (Cosmos in the app). */
export interface SimilarIdeaSource {
  /** Every idea of every sluice, once, at start. */
  all(): AsyncIterable<IndexedIdea>;
  /** Ideas whose `updatedAt` is at or after `fromIso`, written by any instance. */
  changedSince(fromIso: string): Promise<IndexedIdea[]>;
  /** Ideas a retention rule removed (on any instance) in gallring batches completed at or after `fromIso`. */
  removedSince(fromIso: string): Promise<Array<{ readonly sluiceId: string; readonly id: string }>>;
}

export interface SimilarLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SimilarIdeasOptions {
  readonly source: SimilarIdeaSource;
  readonly analyzer: Analyzer;
  readonly clock: Clock;
  readonly logger: SimilarLogger;
  /** How often other instances' writes are picked up; 0 = only this instance's own writes. */
  readonly refreshMs: number;
  /** Most ideas held; past it the longest-unchanged are dropped (and logged). */
  readonly maxIdeas: number;
}

/**
 * How far back each refresh looks before the last one: instances' clocks differ a little and a
 * write can become visible after its `updatedAt`. Re-reading is cheap; versions make it idempotent.
 */
const OVERLAP_MS = 10_000;
/** How often a refresh also asks which ideas other instances' gallring removed. */
const REMOVED_EVERY_MS = 30_000;
/**
 * How far before the last such check it looks: a gallring batch is stamped with its round's time,
 * which may be a while before it is done and visible. Removing an id again changes nothing.
 */
const REMOVED_LOOKBACK_MS = 15 * 60_000;
/** Suggestions at most per request. */
export const MAX_SIMILAR = 10;

/** How a stored idea looks to the index: the text, the stage, and why it closed. */
export function toIndexed(idea: Idea): IndexedIdea {
  const closing =
    idea.stage === 'closed' ? [...idea.history].reverse().find((e) => e.kind === 'declined' || e.kind === 'withdrawn') : undefined;
  return {
    id: idea.id,
    sluiceId: idea.sluiceId,
    number: idea.number,
    tenantId: idea.tenantId,
    title: idea.title,
    need: idea.need,
    idea: idea.idea,
    department: idea.department,
    stage: idea.stage,
    ...(closing?.text ? { closedReason: closing.text } : {}),
    version: idea.version,
    updatedAt: idea.updatedAt,
  };
}

/**
 * Similar ideas, for every surface: the chat, the message action, the coach's card and the tab.
 * The index is built from storage at start, updated at once on this instance's submits and
 * changes (as an {@link IdeaListener}), and every `refreshMs` with what other instances wrote.
 */
export class SimilarIdeas implements IdeaListener, ImportListener {
  private readonly index: SimilarIndex;
  private readonly refresher: PeriodicTask;
  private watermark = 0;
  /** When this instance last asked which ideas were removed. */
  private removedWatermark = 0;
  private building: Promise<void> | undefined;

  constructor(private readonly options: SimilarIdeasOptions) {
    this.index = new SimilarIndex(options.analyzer);
    this.refresher = new PeriodicTask({
      round: async () => {
        await this.refresh();
      },
      everyMs: options.refreshMs,
      firstDelayMs: options.refreshMs,
      failed: (err) => options.logger.warn({ err }, 'Similar-idea refresh failed; trying again'),
    });
  }

  /** Ideas held now. */
  get size(): number {
    return this.index.size;
  }

  /** Reads every idea into the index. Returns how many and how long it took. */
  async build(): Promise<{ ideas: number; ms: number }> {
    const started = Date.now();
    this.watermark = this.options.clock.now().getTime();
    this.removedWatermark = this.watermark;
    for await (const idea of this.options.source.all()) this.index.upsert(idea);
    this.enforceBound();
    const result = { ideas: this.index.size, ms: Date.now() - started };
    this.options.logger.info(result, 'Similar-idea index built');
    return result;
  }

  /**
   * Builds the index in the background (a large sluice takes a while; the server answers
   * meanwhile, with fewer suggestions), then starts picking up other instances' writes.
   */
  start(): void {
    this.building ??= this.build()
      .then(() => undefined)
      .catch((err: unknown) => this.options.logger.error({ err }, 'Could not build the similar-idea index; suggestions start empty'))
      .finally(() => this.refresher.start());
  }

  /** Resolves when the index built by {@link start} is complete. */
  whenBuilt(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.building;
    await this.refresher.stop();
  }

  /** Reads what changed since the last refresh (with an overlap) into the index. */
  async refresh(): Promise<number> {
    const now = this.options.clock.now().getTime();
    const from = new Date(this.watermark - OVERLAP_MS).toISOString();
    const changed = await this.options.source.changedSince(from);
    let applied = 0;
    for (const idea of changed) if (this.index.upsert(idea)) applied++;
    this.watermark = now;
    if (now - this.removedWatermark >= REMOVED_EVERY_MS) {
      // Another instance's gallring removed these: no longer suggested here either (this instance's own are dropped at once).
      const removed = await this.options.source.removedSince(new Date(this.removedWatermark - REMOVED_LOOKBACK_MS).toISOString());
      for (const { sluiceId, id } of removed) this.index.remove(sluiceId, id);
      this.removedWatermark = now;
    }
    if (applied > 0) this.enforceBound();
    return applied;
  }

  /** Ideas of these sluices like a draft (title, need, idea), best first. */
  find(sluiceIds: readonly string[], draft: DraftText, limit = 3, stagesOf?: FindOptions['stagesOf']): SimilarMatch[] {
    return this.index.find(sluiceIds, draft, { limit: Math.min(Math.max(0, limit), MAX_SIMILAR), ...(stagesOf ? { stagesOf } : {}) });
  }

  /** Ideas of these sluices like a stored idea, the idea itself left out. */
  similarTo(
    sluiceIds: readonly string[],
    idea: Pick<Idea, 'id' | 'title' | 'need' | 'idea'>,
    limit = 3,
    stagesOf?: FindOptions['stagesOf'],
  ): SimilarMatch[] {
    return this.index.find(sluiceIds, idea, {
      limit: Math.min(Math.max(0, limit), MAX_SIMILAR),
      excludeId: idea.id,
      ...(stagesOf ? { stagesOf } : {}),
    });
  }

  ideaSubmitted(idea: Idea): Promise<void> {
    this.take(idea);
    return Promise.resolve();
  }

  ideaChanged(idea: Idea): Promise<void> {
    this.take(idea);
    return Promise.resolve();
  }

  /** Imported ideas are suggested at once, not only after the next refresh or start. */
  ideasImported(ideas: readonly Idea[]): void {
    for (const idea of ideas) this.take(idea);
  }

  /** Ideas removed under a retention rule are no longer suggested by this instance at once (others at their next check of the gallring records). */
  ideasRemoved(sluiceId: string, ids: readonly string[]): void {
    for (const id of ids) this.index.remove(sluiceId, id);
  }

  /** Never throws: a suggestion index must not fail a write that already succeeded. */
  private take(idea: Idea): void {
    try {
      if (this.index.upsert(toIndexed(idea))) this.enforceBound();
    } catch (err) {
      this.options.logger.error({ err, ideaId: idea.id }, 'Could not update the similar-idea index; the next refresh will');
    }
  }

  /** Drops the longest-unchanged ideas (a twentieth at a time) while over the bound. */
  private enforceBound(): void {
    const over = this.index.size - this.options.maxIdeas;
    if (over <= 0) return;
    const drop = Math.max(over, Math.ceil(this.options.maxIdeas / 20));
    const oldest = [...this.index.byAge()].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).slice(0, drop);
    for (const o of oldest) this.index.remove(o.sluiceId, o.id);
    this.options.logger.warn(
      { dropped: oldest.length, maxIdeas: this.options.maxIdeas },
      'Similar-idea index is full: dropped the longest-unchanged ideas',
    );
  }
}
