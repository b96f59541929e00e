import type { HistoryEvent, Idea } from './idea';
import type { IdeaListener } from './idea-service';
import { STAGES, type Stage } from './stages';

/** How many ideas of a sluice are in each stage. */
export type StageCounts = Record<Stage, number>;

/** The kept per-stage counts of each sluice (one small document per sluice). */
export interface StageCountStore {
  get(sluiceId: string): Promise<StageCounts | undefined>;
  /** Adds to the kept counts atomically; resolves false (and changes nothing) when none are kept yet. */
  add(sluiceId: string, delta: Partial<StageCounts>): Promise<boolean>;
  /** Replaces the kept counts with a fresh count. */
  save(sluiceId: string, counts: StageCounts): Promise<void>;
}

/** Where an idea's event moves it: +1 to its new stage, −1 from its old; undefined when it stays. */
export function stageDelta(event: Pick<HistoryEvent, 'kind' | 'from' | 'to'>): Partial<StageCounts> | undefined {
  if (event.kind === 'submitted') return { [event.to ?? 'submitted']: 1 };
  if (!event.from || !event.to || event.from === event.to) return undefined;
  return { [event.from]: -1, [event.to]: 1 };
}

interface StageCounterLogger {
  warn(obj: object, msg?: string): void;
}

/**
 * The board's per-stage counts, kept rather than counted: every submission and stage change adds
 * to a per-sluice counter (Cosmos patch `incr`), so reading them costs one point read however many
 * ideas there are. Counting queries run only to build the counter the first time, and in
 * {@link rebuild}, which the server runs at start (a crash between an idea's write and its
 * counter's can leave it off by one until then). Imported ideas are counted one by one.
 */
export class KeptStageCounts {
  constructor(
    private readonly store: StageCountStore,
    /** Counts a sluice's ideas per stage with queries. */
    private readonly recount: (sluiceId: string) => Promise<StageCounts>,
    private readonly logger: StageCounterLogger,
  ) {}

  /** The sluice's counts; built from a count the first time. */
  async counts(sluiceId: string): Promise<StageCounts> {
    const kept = await this.store.get(sluiceId);
    if (kept) return { ...zero(), ...kept };
    return this.rebuild(sluiceId);
  }

  /** Counts the sluice's ideas again and keeps the result. */
  async rebuild(sluiceId: string): Promise<StageCounts> {
    const counts = await this.recount(sluiceId);
    await this.store.save(sluiceId, counts);
    return counts;
  }

  /** Counts a new idea written past the idea service (an import, seeding). */
  async stored(idea: Pick<Idea, 'id' | 'sluiceId' | 'stage'>): Promise<void> {
    await this.apply(idea, { kind: 'submitted', to: idea.stage });
  }

  /** Adds each submission and stage change; a failure is logged and mended by the next rebuild. */
  listener(): IdeaListener {
    return {
      ideaSubmitted: (idea) => this.stored(idea),
      ideaChanged: (idea, _sluice, event) => this.apply(idea, event),
    };
  }

  private async apply(idea: Pick<Idea, 'id' | 'sluiceId'>, event: Pick<HistoryEvent, 'kind' | 'from' | 'to'>): Promise<void> {
    const delta = stageDelta(event);
    if (!delta) return;
    try {
      await this.store.add(idea.sluiceId, delta);
    } catch (err) {
      this.logger.warn({ err, ideaId: idea.id }, 'Could not update the kept stage counts; the next rebuild mends them');
    }
  }
}

function zero(): StageCounts {
  return Object.fromEntries(STAGES.map((s) => [s, 0])) as StageCounts;
}
