import { z } from 'zod';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import type { LinkedIdeas, SimilarScope } from '../../domain/linked-ideas';
import { TEXT_LIMITS } from '../../domain/idea';
import { MAX_SIMILAR, type SimilarIdeas } from '../../domain/similar/similar-ideas';
import type { SimilarMatch } from '../../domain/similar/similar-index';
import { ApiProblem, sendJson } from '../http';
import { errors, json, ref } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams } from '../schemas';
import type { SimilarIdeaItem, SimilarIdeasResponse } from '../similar-contracts';

const limit = z.coerce
  .number({ message: `must be a whole number from 1 to ${MAX_SIMILAR}` })
  .int({ message: `must be a whole number from 1 to ${MAX_SIMILAR}` })
  .min(1, 'must be at least 1')
  .max(MAX_SIMILAR, `must be at most ${MAX_SIMILAR}`)
  .default(3)
  .meta({ description: `How many suggestions at most (1–${MAX_SIMILAR}).` });

export const similarQuery = z.strictObject({ limit });

const text = (field: keyof typeof TEXT_LIMITS, description: string) =>
  z
    .string({ message: 'must be text' })
    .max(TEXT_LIMITS[field].max, `must be at most ${TEXT_LIMITS[field].max} characters`)
    .default('')
    .meta({ description });

/** A draft of an idea; empty fields are fine (the giver may still be typing). */
export const findSimilarBody = z.strictObject({
  title: text('title', 'The draft’s title so far.'),
  need: text('need', 'The need, as written so far.'),
  idea: text('idea', 'The idea, as written so far.'),
  limit,
});

export interface SimilarRouteDeps {
  readonly queries: IdeaQueries;
  readonly similar: SimilarIdeas;
  /** The linked sluices a search also covers (their shared stages only). */
  readonly linkedIdeas: LinkedIdeas;
}

/** `getSimilarIdeas` and `findSimilarIdeas`: ideas of the caller's sluice like one idea or a draft. */
export function similarRoutes(deps: SimilarRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'post',
      path: '/api/ideas/similar',
      operationId: 'findSimilarIdeas',
      summary: 'Ideas of the sluice like a draft (title, need, idea), best first, each with what it shares.',
      description: 'An empty or one-word draft gives no suggestions. Closed ideas come with their reason.',
      request: { body: findSimilarBody },
      responses: { 200: json(ref('SimilarIdeasResponse'), 'Suggestions, best first (possibly none).'), ...errors(400) },
      handle: async ({ res, body, viewer }) => {
        const scope = await deps.linkedIdeas.similarScope(viewer.sluice);
        sendJson(res, 200, present(deps.similar.find(scope.sluiceIds, body, body.limit, scope.stagesOf), viewer, scope));
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/ideas/{id}/similar',
      operationId: 'getSimilarIdeas',
      summary: 'Ideas of the sluice like this one (itself left out), best first, each with what it shares.',
      request: { params: ideaParams, query: similarQuery },
      responses: { 200: json(ref('SimilarIdeasResponse'), 'Suggestions, best first (possibly none).'), ...errors(400, 404) },
      handle: async ({ res, params, query, viewer }) => {
        const idea = await deps.queries.idea(viewer, params.id);
        if (!idea) throw new ApiProblem(404, 'NotFound', 'There is no such idea in your sluice.');
        const scope = await deps.linkedIdeas.similarScope(viewer.sluice);
        sendJson(res, 200, present(deps.similar.similarTo(scope.sluiceIds, idea.value, query.limit, scope.stagesOf), viewer, scope));
      },
    }),
  ];
}

/** Own ideas as they are; a linked sluice's marked with that sluice, without its tenant id. */
function present(found: readonly SimilarMatch[], viewer: Viewer, scope: SimilarScope): SimilarIdeasResponse {
  const items = found.map((m): SimilarIdeaItem => {
    const other = m.sluiceId === viewer.sluice.id ? undefined : scope.linked.get(m.sluiceId);
    const municipality = (other ?? viewer.sluice).municipalities[m.tenantId];
    return {
      id: m.id,
      number: m.number,
      title: m.title,
      stage: m.stage,
      department: m.department,
      ...(other ? { linkedSluice: { id: other.id, name: other.name } } : { tenantId: m.tenantId }),
      ...(municipality ? { municipality } : {}),
      ...(m.closedReason ? { closedReason: m.closedReason } : {}),
      score: m.score,
      shared: m.shared,
    };
  });
  return { items };
}
