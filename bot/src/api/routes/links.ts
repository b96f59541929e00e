import { type z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import type { LinkResult, SluiceLinkService } from '../../domain/admin/links';
import { mayAdminister } from '../../domain/admin/roles';
import type { Viewer } from '../../domain/idea-queries';
import type { LinkedIdeas } from '../../domain/linked-ideas';
import { LINKED_STAGES } from '../../domain/linked-ideas';
import { ApiProblem, sendJson } from '../http';
import {
  linkParams,
  linkRequestBody,
  linkedIdeasPage,
  linkedIdeasQuery,
  sluiceLinks,
  type LinkedIdeasBody,
  type SluiceLinksBody,
} from '../link-schemas';
import { errors } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';

export interface LinkRouteDeps {
  readonly links: SluiceLinkService;
  readonly linkedIdeas: LinkedIdeas;
}

const answer = (schema: z.ZodType, description: string): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * Linked sluices: the admins' agreement (ask, accept, remove; admins only, each of their own
 * sluice) and what every member sees of the linked sluices' ideas.
 */
export function linkRoutes(deps: LinkRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/admin/links',
      operationId: 'listSluiceLinks',
      summary: "The sluice's links with other sluices and the requests waiting on either side (admins only).",
      responses: { 200: answer(sluiceLinks, 'The links.'), ...errors(404) },
      handle: async ({ res, viewer }) => {
        requireAdmin(viewer);
        const items = await deps.links.links(viewer.sluice.id);
        if (!items) throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
        sendJson(res, 200, { items } satisfies SluiceLinksBody);
      },
    }),

    memberRoute({
      method: 'post',
      path: '/api/admin/links',
      operationId: 'requestSluiceLink',
      summary:
        'Asks another sluice for a link (admins only); the link holds once an admin of the other sluice accepts. Asking a sluice that has already asked yours accepts its request.',
      request: { body: linkRequestBody },
      responses: { 200: answer(sluiceLinks, 'The links after the request.'), ...errors(400, 404) },
      handle: async ({ res, body, viewer }) => {
        requireAdmin(viewer);
        sendLinks(res, await deps.links.request(viewer.sluice.id, viewer.person, body.sluiceId), body.sluiceId);
      },
    }),

    linkStep(
      'post',
      '/api/admin/links/{sluiceId}/accept',
      'acceptSluiceLink',
      "Accepts the other sluice's request for a link (admins only).",
      [409],
      (viewer, other) => deps.links.accept(viewer.sluice.id, viewer.person, other),
    ),

    linkStep(
      'delete',
      '/api/admin/links/{sluiceId}',
      'removeSluiceLink',
      'Ends the link with the other sluice, or withdraws or declines a request (admins only). Either side may.',
      [],
      (viewer, other) => deps.links.remove(viewer.sluice.id, viewer.person, other),
    ),

    memberRoute({
      method: 'get',
      path: '/api/linked-ideas',
      operationId: 'listLinkedIdeas',
      summary: `The linked sluices' ideas in ${LINKED_STAGES.join(', ')}, read-only, with their effects and reasons, newest stage change first ("Från länkade slussar").`,
      request: { query: linkedIdeasQuery },
      responses: { 200: answer(linkedIdeasPage, 'The ideas and the linked sluices.'), ...errors(400) },
      handle: async ({ res, query: q, viewer }) => {
        const page = await deps.linkedIdeas.list(viewer.sluice, {
          pageSize: q.pageSize,
          ...(q.sluice ? { sluiceId: q.sluice } : {}),
          ...(q.stage ? { stages: q.stage } : {}),
          ...(q.q ? { text: q.q } : {}),
        });
        sendJson(res, 200, page satisfies LinkedIdeasBody);
      },
    }),
  ];
}

/** A step on the link with the sluice named in the path, by an admin; answers the links after it. */
function linkStep(
  method: 'post' | 'delete',
  path: string,
  operationId: string,
  summary: string,
  more: number[],
  run: (viewer: Viewer, otherId: string) => Promise<LinkResult>,
): ApiRoute {
  return memberRoute({
    method,
    path,
    operationId,
    summary,
    request: { params: linkParams },
    responses: { 200: answer(sluiceLinks, 'The links after the step.'), ...errors(400, 404, ...more) },
    handle: async ({ res, params, viewer }) => {
      requireAdmin(viewer);
      sendLinks(res, await run(viewer, params.sluiceId), params.sluiceId);
    },
  });
}

function requireAdmin(viewer: Viewer): void {
  if (!mayAdminister(viewer.sluice, viewer.person))
    throw new ApiProblem(403, 'Forbidden', 'Only the admins of this sluice may see or change its links.');
}

function sendLinks(res: Parameters<typeof sendJson>[0], result: LinkResult, otherId: string): void {
  if (result.ok) {
    sendJson(res, 200, { items: result.links } satisfies SluiceLinksBody);
    return;
  }
  switch (result.error) {
    case 'notFound':
      throw new ApiProblem(404, 'NotFound', 'Your sluice no longer exists.');
    case 'unknownSluice':
      throw new ApiProblem(404, 'UnknownSluice', `There is no sluice "${otherId}".`, {
        problems: [{ field: 'sluiceId', problem: 'invalid', message: 'is not a sluice of this deployment' }],
      });
    case 'self':
      throw new ApiProblem(400, 'BadRequest', 'A sluice cannot be linked with itself.', {
        problems: [{ field: 'sluiceId', problem: 'invalid', message: 'is your own sluice' }],
      });
    case 'noRequest':
      throw new ApiProblem(409, 'NoRequest', `Sluice "${otherId}" has not asked for a link (or withdrew its request).`);
    case 'noLink':
      throw new ApiProblem(404, 'NotFound', `Your sluice has no link or request with "${otherId}".`);
  }
}
