import { createHash } from 'node:crypto';
import type { Idea, Person } from '../idea';
import { ConflictError, type Clock, type IdeaRepository } from '../ports';
import { mayCoach, type Sluice } from '../sluice';
import type { Stage } from '../stages';
import { SCORE_MAX, SCORE_MIN, weightedScore, type Criterion } from './criteria';

/**
 * A coach's scores of an idea against the sluice's criteria (at the Idésamtal). One sheet per
 * coach and idea in the `participation` container (kind `score`), its id derived from both, so
 * scoring again replaces the sheet and never adds one. The idea keeps the coaches' weighted score
 * (the mean of each sheet's, 0–100) for sorting the board. Sheets and the score are for coaches
 * and admins only: the giver and colleagues never see them.
 */
export interface ScoreSheet {
  readonly ideaId: string;
  readonly sluiceId: string;
  readonly coach: Person;
  /** Criterion id → 1–5. */
  readonly scores: Readonly<Record<string, number>>;
  readonly at: string;
  readonly atMs: number;
}

export interface ScoreRepository {
  /** Stores the sheet, replacing the same coach's earlier sheet for the idea. */
  put(sheet: ScoreSheet): Promise<void>;
  /** Every coach's sheet for the idea, oldest first. */
  forIdea(sluiceId: string, ideaId: string): Promise<ScoreSheet[]>;
  /** The ids of the sluice's ideas that have at least one sheet. */
  scoredIdeas(sluiceId: string): Promise<string[]>;
}

/** The id of a coach's sheet for an idea: the same for every request of theirs. */
export function scoreSheetId(ideaId: string, coach: Pick<Person, 'id' | 'tenantId'>): string {
  return `score-${createHash('sha256').update(`score\n${ideaId}\n${coach.tenantId}\n${coach.id}`).digest('hex').slice(0, 32)}`;
}

export interface ScoreCaller {
  readonly sluice: Sluice;
  readonly person: Person;
}

export type ScoreProblem = { readonly field: string; readonly problem: 'required' | 'unknownCriterion' | 'notAScore' };

export type ScoreRefusal = 'forbidden' | 'notFound' | 'noCriteria';

/**
 * The stages in which coaches score an idea: from the Idésamtal on, while it is worked on or once
 * it is in use. Not `submitted` (no coach has talked with the giver yet) and not `closed` (not
 * pursued: reopening it brings it back to a stage that takes scores). Sheets already given stay
 * readable at every stage.
 */
export const SCORING_STAGES: readonly Stage[] = ['screening', 'testing', 'implementing', 'done'];

/** Whether an idea in `stage` takes scores now. */
export function takesScores(stage: Stage): boolean {
  return SCORING_STAGES.includes(stage);
}

/** One coach's sheet as coaches and admins see it, with its weighted score under today's criteria. */
export interface SheetView {
  readonly coach: { readonly id: string; readonly name: string };
  readonly scores: Readonly<Record<string, number>>;
  readonly weighted?: number;
  readonly at: string;
}

export interface ScoresView {
  readonly ideaId: string;
  readonly criteria: readonly Criterion[];
  readonly sheets: readonly SheetView[];
  /** The caller's own sheet, if they scored the idea. */
  readonly mine?: SheetView;
  /** The coaches' weighted score, 0–100, when anyone scored. */
  readonly weighted?: number;
  /** Whether the idea takes scores at its stage now ({@link takesScores}); the tab offers its form by it. */
  readonly takesScores: boolean;
}

export type ScoresResult =
  | { readonly ok: true; readonly view: ScoresView }
  | { readonly ok: false; readonly error: ScoreRefusal }
  | { readonly ok: false; readonly error: 'notNow'; readonly stage: Stage }
  | { readonly ok: false; readonly error: 'invalid'; readonly problems: readonly ScoreProblem[] };

/** Whether `person` may see and give scores in the sluice: its coaches and admins (who may act as coaches). */
export function maySeeScores(sluice: Sluice, person: Pick<Person, 'id' | 'tenantId'>): boolean {
  return mayCoach(sluice, person);
}

/** The idea's score from the sheets under the sluice's criteria now; undefined when nobody scored. */
export function ideaScore(criteria: readonly Criterion[], sheets: readonly ScoreSheet[]): Idea['score'] {
  const each = sheets.flatMap((s) => {
    const w = weightedScore(criteria, s.scores);
    return w === undefined ? [] : [w];
  });
  if (each.length === 0) return undefined;
  return { weighted: Math.round(each.reduce((a, b) => a + b, 0) / each.length), coaches: each.length };
}

/** Ideas a rescore writes at the same time. */
const RESCORE_LANES = 8;

export class ScoringService {
  constructor(
    private readonly sheets: ScoreRepository,
    private readonly ideas: Pick<IdeaRepository, 'get' | 'replace'>,
    private readonly clock: Clock,
  ) {}

  /** The criteria and every coach's scores of the idea; coaches and admins only. */
  async scores(caller: ScoreCaller, ideaId: string): Promise<ScoresResult> {
    if (!maySeeScores(caller.sluice, caller.person)) return { ok: false, error: 'forbidden' };
    const idea = await this.ideas.get(caller.sluice.id, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    return { ok: true, view: await this.view(caller, idea.value) };
  }

  /**
   * The caller (a coach or admin of the sluice) scores the idea: `scores` maps criterion ids to
   * 1–5; criteria left out are unscored. Replaces the caller's earlier sheet, then keeps the
   * idea's weighted score in step. Only at a stage that takes scores ({@link SCORING_STAGES}).
   */
  async score(caller: ScoreCaller, ideaId: string, scores: Readonly<Record<string, unknown>>): Promise<ScoresResult> {
    const { sluice, person } = caller;
    if (!maySeeScores(sluice, person)) return { ok: false, error: 'forbidden' };
    const criteria = sluice.criteria ?? [];
    if (criteria.length === 0) return { ok: false, error: 'noCriteria' };
    const known = new Set(criteria.map((c) => c.id));
    const problems: ScoreProblem[] = [];
    const entries = Object.entries(scores);
    if (entries.length === 0) problems.push({ field: 'scores', problem: 'required' });
    for (const [id, value] of entries) {
      if (!known.has(id)) problems.push({ field: `scores.${id}`, problem: 'unknownCriterion' });
      else if (typeof value !== 'number' || !Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX)
        problems.push({ field: `scores.${id}`, problem: 'notAScore' });
    }
    if (problems.length > 0) return { ok: false, error: 'invalid', problems };
    const idea = await this.ideas.get(sluice.id, ideaId);
    if (!idea) return { ok: false, error: 'notFound' };
    if (!takesScores(idea.value.stage)) return { ok: false, error: 'notNow', stage: idea.value.stage };
    const now = this.clock.now();
    await this.sheets.put({
      ideaId,
      sluiceId: sluice.id,
      coach: { id: person.id, tenantId: person.tenantId, name: person.name },
      scores: Object.fromEntries(entries) as Record<string, number>,
      at: now.toISOString(),
      atMs: now.getTime(),
    });
    await this.keepScore(sluice, ideaId);
    return { ok: true, view: await this.view(caller, idea.value) };
  }

  /**
   * After the admin changed the criteria (added, removed, reweighed): every scored idea of the
   * sluice gets its weighted score under the new criteria. Scores given on a removed criterion stay
   * in the coaches' sheets but count no more (and are not shown); an idea whose every score was on
   * removed criteria loses its score. Idempotent: run again, it writes nothing. Runs as the outbox's
   * rescore job (rescore-jobs.ts), a few ideas at a time; an idea that cannot be written does not
   * stop the others, and the run then throws naming how many failed, so the job tries again.
   * Returns how many ideas were looked at.
   */
  async rescore(sluice: Pick<Sluice, 'id' | 'criteria'>): Promise<number> {
    const ids = await this.sheets.scoredIdeas(sluice.id);
    const failures: { id: string; err: unknown }[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        try {
          await this.keepScore(sluice, id);
        } catch (err) {
          failures.push({ id, err });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(RESCORE_LANES, ids.length) }, lane));
    const first = failures[0];
    if (first) {
      const why = first.err instanceof Error ? first.err.message : String(first.err);
      throw new Error(`${failures.length} of ${ids.length} scored ideas could not be rescored (idea ${first.id}: ${why})`);
    }
    return ids.length;
  }

  /** Writes the idea's score from its sheets, retrying when the idea changed meanwhile; no write when it is already so. */
  private async keepScore(sluice: Pick<Sluice, 'id' | 'criteria'>, ideaId: string): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const [idea, sheets] = await Promise.all([this.ideas.get(sluice.id, ideaId), this.sheets.forIdea(sluice.id, ideaId)]);
      if (!idea) return;
      const score = ideaScore(sluice.criteria ?? [], sheets);
      if (JSON.stringify(score) === JSON.stringify(idea.value.score)) return;
      const { score: _old, ...rest } = idea.value;
      void _old;
      try {
        await this.ideas.replace({ ...rest, ...(score ? { score } : {}) }, idea.etag);
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    throw new Error(`The score of idea ${ideaId} could not be written: it kept changing.`);
  }

  private async view(caller: ScoreCaller, idea: Pick<Idea, 'id' | 'stage'>): Promise<ScoresView> {
    const ideaId = idea.id;
    const criteria = caller.sluice.criteria ?? [];
    const sheets = await this.sheets.forIdea(caller.sluice.id, ideaId);
    const current = new Set(criteria.map((c) => c.id));
    const views = sheets.map((s): SheetView => {
      const weighted = weightedScore(criteria, s.scores);
      return {
        coach: { id: s.coach.id, name: s.coach.name },
        // A removed criterion's score counts no more, so it is not shown either.
        scores: Object.fromEntries(Object.entries(s.scores).filter(([id]) => current.has(id))),
        ...(weighted !== undefined ? { weighted } : {}),
        at: s.at,
      };
    });
    const mineAt = sheets.findIndex((s) => s.coach.id === caller.person.id && s.coach.tenantId === caller.person.tenantId);
    const score = ideaScore(criteria, sheets);
    return {
      ideaId,
      criteria: criteria.map((c) => ({ ...c })),
      sheets: views,
      ...(mineAt >= 0 ? { mine: views[mineAt] } : {}),
      ...(score ? { weighted: score.weighted } : {}),
      takesScores: takesScores(idea.stage),
    };
  }
}
