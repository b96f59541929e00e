import { z } from 'zod';
import { SCORING_STAGES, type ScoreProblem, type ScoresResult, type ScoringService } from '../../domain/scoring/scores';
import { SCORE_MAX, SCORE_MIN } from '../../domain/scoring/criteria';
import { ApiProblem, sendJson } from '../http';
import { errors, json, ref } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams } from '../schemas';
import { scoringRef } from '../scoring-openapi';
import { notFound } from './ideas';

// Values are checked by the domain, so a wrong one is named by its criterion.
export const scoreIdeaBody = z.strictObject({
  scores: z.record(z.string().max(200), z.unknown()).meta({
    description: `Criterion id → score ${SCORE_MIN}–${SCORE_MAX}; a criterion left out is unscored. Replaces the caller's earlier scores.`,
  }),
});

export interface ScoringRouteDeps {
  readonly scoring: ScoringService;
}

const answer = { 200: json(scoringRef('ScoresResponse'), "The sluice's criteria, every coach's scores and the weighted score.") };

/**
 * `getScores` and `scoreIdea`: a coach's scores of an idea against the sluice's criteria and the
 * weighted score 0–100. Coaches and admins only, decided from the caller's identity.
 */
export function scoringRoutes(deps: ScoringRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}/scores',
      operationId: 'getScores',
      summary: "The sluice's evaluation criteria and every coach's scores of the idea, with the weighted score (coaches and admins only).",
      request: { params: ideaParams },
      responses: { ...answer, ...errors(400, 403, 404) },
      handle: async ({ res, params, viewer }) => {
        sendJson(res, 200, answered(await deps.scoring.scores(viewer, params.id)));
      },
    }),
    memberRoute({
      method: 'put',
      path: '/api/ideas/{id}/scores',
      operationId: 'scoreIdea',
      summary:
        "The caller (a coach or admin of the sluice) scores the idea 1–5 per criterion; repeating it replaces the caller's scores, never adds to them. From the Idésamtal on only.",
      description: `An idea takes scores in the stages ${SCORING_STAGES.join(', ')} (from the Idésamtal on): not while it waits for a coach (submitted), nor once closed (reopen it first). getScores tells it as \`takesScores\`.`,
      request: { params: ideaParams, body: scoreIdeaBody },
      responses: {
        ...answer,
        ...errors(400, 403, 404),
        409: json(
          ref('ApiError'),
          'NoCriteria: the sluice has no evaluation criteria. NotAllowedNow: the idea takes no scores at its stage (submitted: no coach has taken it to the Idésamtal yet; closed: reopen it first). Nothing was stored.',
        ),
      },
      handle: async ({ res, params, body, viewer }) => {
        sendJson(res, 200, answered(await deps.scoring.score(viewer, params.id, body.scores)));
      },
    }),
  ];
}

const PROBLEM_TEXT: Record<ScoreProblem['problem'], string> = {
  required: 'give a score for at least one criterion',
  unknownCriterion: 'is not a criterion of this sluice',
  notAScore: `must be a whole number ${SCORE_MIN}–${SCORE_MAX}`,
};

function answered(result: ScoresResult) {
  if (result.ok) return result.view;
  switch (result.error) {
    case 'forbidden':
      throw new ApiProblem(403, 'Forbidden', 'Only the coaches and admins of this sluice may see or give scores.');
    case 'notFound':
      throw notFound();
    case 'noCriteria':
      throw new ApiProblem(409, 'NoCriteria', 'This sluice has no evaluation criteria yet: an admin defines them in the settings.');
    case 'notNow':
      throw new ApiProblem(
        409,
        'NotAllowedNow',
        result.stage === 'closed'
          ? 'This idea is closed and takes no new scores; a coach reopens it first.'
          : 'Ideas are scored from the Idésamtal on: a coach takes this idea first.',
      );
    case 'invalid':
      throw new ApiProblem(400, 'InvalidInput', result.problems.map((p) => `${p.field} ${PROBLEM_TEXT[p.problem]}.`).join(' '), {
        problems: result.problems.map((p) => ({
          field: p.field,
          problem: p.problem === 'required' ? ('empty' as const) : ('invalid' as const),
          message: PROBLEM_TEXT[p.problem],
        })),
      });
  }
}
