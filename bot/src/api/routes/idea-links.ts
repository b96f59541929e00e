import { z } from 'zod';
import { ideaId } from '../../domain/ids';
import { LINK_KINDS } from '../../domain/idea';
import type { IdeaQueries, Viewer } from '../../domain/idea-queries';
import type { IdeaService, LinkResult } from '../../domain/idea-service';
import type { LinkIdeasRequest } from '../contracts';
import { ApiProblem } from '../http';
import { errors, json, ref } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { ideaParams, ifMatchHeader } from '../schemas';
import { detailFor, ifMatch, linkedIdeas, notFound, sendIdea, type IdeaLinkMaker } from './ideas';

export const linkBody = z
  .strictObject({
    ideaId: ideaId.optional().meta({ description: 'The other idea, of the same sluice.' }),
    number: z
      .number({ message: 'must be a whole number of 1 or more' })
      .int({ message: 'must be a whole number of 1 or more' })
      .min(1, 'must be a whole number of 1 or more')
      .optional()
      .meta({ description: 'Or the other idea by its number in the sluice (#12); send one of ideaId and number.' }),
    kind: z.enum(LINK_KINDS, { message: `must be one of ${LINK_KINDS.join(', ')}` }).meta({
      description: '`similar` liknar, `duplicate` dubblett av (this idea duplicates the other), `related` hänger ihop med.',
    }),
  })
  .refine((b) => (b.ideaId === undefined) !== (b.number === undefined), {
    path: ['ideaId'],
    message: 'send exactly one of ideaId and number',
  }) satisfies z.ZodType<LinkIdeasRequest>;

export const unlinkParams = z.object({ id: ideaId, otherId: ideaId });

export interface IdeaLinkRouteDeps {
  readonly ideas: IdeaService;
  readonly queries: IdeaQueries;
  readonly ideaLink?: IdeaLinkMaker;
}

/**
 * `linkIdeas` and `unlinkIdeas`: a coach links two ideas of the sluice, or removes the link; both
 * ideas get the change and an event, and both givers are told of a link.
 */
export function ideaLinkRoutes(deps: IdeaLinkRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'post',
      path: '/api/ideas/{id}/links',
      operationId: 'linkIdeas',
      summary:
        'Links this idea to another of the sluice (coaches only); the link shows on both and both givers are told. Linking again as it is changes nothing. Send the etag of this idea in If-Match.',
      request: { params: ideaParams, body: linkBody, headers: ifMatchHeader },
      responses: { 200: json(ref('IdeaResponse'), 'This idea with its links.'), ...errors(400, 403, 404, 412, 428) },
      handle: async ({ req, res, params, body, viewer }) => {
        const etag = ifMatch(req);
        const otherId = body.ideaId ?? (await idOfNumber(viewer, body.number!, deps.queries));
        const result = await deps.ideas.link(viewer.sluice.id, params.id, otherId, viewer.person, body.kind, etag);
        await answer(res, viewer, result, deps);
      },
    }),

    memberRoute({
      method: 'delete',
      path: '/api/ideas/{id}/links/{otherId}',
      operationId: 'unlinkIdeas',
      summary: 'Removes the link between this idea and the other from both (coaches only). Send the etag of this idea in If-Match.',
      request: { params: unlinkParams, headers: ifMatchHeader },
      responses: { 200: json(ref('IdeaResponse'), 'This idea with its links.'), ...errors(400, 403, 404, 412, 428) },
      handle: async ({ req, res, params, viewer }) => {
        const etag = ifMatch(req);
        const result = await deps.ideas.unlink(viewer.sluice.id, params.id, params.otherId, viewer.person, etag);
        await answer(res, viewer, result, deps);
      },
    }),
  ];
}

/** The id of the sluice's idea with this number; 404 when there is none. */
async function idOfNumber(viewer: Viewer, number: number, queries: IdeaQueries): Promise<string> {
  const page = await queries.list(viewer, { filter: { number }, sort: 'number', pageSize: 1 });
  const found = page.items[0];
  if (!found) throw new ApiProblem(404, 'NotFound', `There is no idea #${number} in your sluice.`);
  return found.id;
}

async function answer(res: Parameters<typeof sendIdea>[0], viewer: Viewer, result: LinkResult, deps: IdeaLinkRouteDeps): Promise<void> {
  if (result.ok) return sendIdea(res, 200, viewer, result.idea, deps);
  switch (result.error) {
    case 'notFound':
      throw notFound();
    case 'forbidden':
      throw new ApiProblem(403, 'Forbidden', 'Only the idea coaches of this sluice may link ideas.');
    case 'self':
      throw new ApiProblem(400, 'InvalidInput', 'ideaId must be another idea than this one.', {
        problems: [{ field: 'ideaId', problem: 'invalid', message: 'must be another idea than this one' }],
      });
    case 'notLinked':
      throw new ApiProblem(404, 'NotLinked', 'The two ideas are not linked.');
    case 'stale':
      throw new ApiProblem(412, 'Stale', 'The idea was changed by someone else since you saw it; this is how it is now.', {
        current: detailFor(viewer, result.current, deps, await linkedIdeas(viewer, result.current.value, deps.queries)),
      });
  }
}
