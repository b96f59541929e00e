import { z } from 'zod';
import type { PeopleSearch } from '../../domain/people-search';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import type { PeopleSearchResponse } from '../people-contracts';
import { peopleRef } from '../people-openapi';
import { memberRoute, type ApiRoute } from '../route';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const peopleQuery = z.strictObject({
  q: z
    .string({ message: 'must be the words to search for, once' })
    .trim()
    .min(2, { message: 'must be at least 2 characters' })
    .max(100, { message: 'must be at most 100 characters' })
    .refine((q) => !CONTROL.test(q), { message: 'must not contain control characters' })
    .refine((q) => /[\p{L}\p{N}]/u.test(q), { message: 'must contain a letter or digit' })
    .meta({ description: 'The start of a name or address, 2–100 characters ("kar", "karin be").' }),
});

export interface PeopleRouteDeps {
  readonly people: PeopleSearch;
}

/**
 * `searchPeople`: the tab's people pickers (Administration's coaches and admins). Coaches and
 * admins only; the directory is searched on behalf of the caller with the very token of this
 * request (the tab's Teams SSO token), so it sees what they may see in their own tenant.
 */
export function peopleRoutes(deps: PeopleRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/people',
      operationId: 'searchPeople',
      summary: 'People whose name or address starts with the words, for a people picker (coaches and admins).',
      description:
        "Searches the organisation's directory through Microsoft Graph on behalf of the caller (OBO with the delegated `User.ReadBasic.All`, from the request's own token), and the coaches and givers the sluice already knows. Without a directory, or when it cannot answer, `directory` says so and only known people are offered. Nobody outside the caller's tenant directory and sluice is returned.",
      request: { query: peopleQuery },
      responses: { 200: json(peopleRef('PeopleSearchResponse'), 'At most 10 people, known people of the sluice first.'), ...errors(400) },
      handle: async ({ req, res, query, viewer }) => {
        if (!viewer.isCoach)
          throw new ApiProblem(403, 'Forbidden', `Only the coaches and admins of ${viewer.sluice.name} can search people.`);
        const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const found = await deps.people.search(viewer.sluice, { tenantId: viewer.person.tenantId, token }, query.q);
        sendJson(res, 200, { directory: found.directory, people: found.people } satisfies PeopleSearchResponse);
      },
    }),
  ];
}
