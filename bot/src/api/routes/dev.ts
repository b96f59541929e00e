import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { roleOf } from '../../domain/admin/roles';
import { isCoach } from '../../domain/sluice';
import type { IdeaQueries } from '../../domain/idea-queries';
import { COACH, COACH_2, GIVER, TENANT } from '../../local/activities';
import { NEIGHBOUR } from '../../local/demo-neighbour';
import type { Logger } from '../../logger';
import type { LocalIssuer } from '../auth/local-issuer';
import type { DevPersona, DevPersonasResponse, DevTokenResponse } from '../contracts';
import { sendJson } from '../http';
import { errors, json, ref } from '../openapi';
import { publicRoute, type ApiRoute } from '../route';
import { devTokenBody } from '../schemas';

/** Agents Playground's demo tenant: the people a browser outside Teams can pretend to be. */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

/** The local test tenant's people (the ids the tests use), for a checkout without the Playground file. */
const TEST_PEOPLE: readonly Omit<DevPersona, 'role'>[] = [COACH, COACH_2, GIVER].map((p) => ({
  tid: TENANT,
  oid: p.id,
  name: p.name,
}));

export interface DevRouteDeps {
  readonly issuer: LocalIssuer;
  readonly queries: IdeaQueries;
  readonly logger: Logger;
  /** Folders searched for the Playground file, first hit wins. */
  readonly searchDirs: readonly string[];
}

/**
 * The local issuer's routes, registered only when the server is started for local use (never in
 * production): its JWKS, a token for any person, and the demo people to choose from.
 */
export function devRoutes(deps: DevRouteDeps): ApiRoute[] {
  const { issuer, logger } = deps;
  return [
    publicRoute({
      method: 'get',
      path: '/api/dev/jwks.json',
      operationId: 'devJwks',
      summary: "Local only: the local issuer's public keys.",
      responses: { 200: { description: 'A JWKS.' } },
      handle: async ({ res }) => {
        sendJson(res, 200, issuer.publicKeys());
      },
    }),

    publicRoute({
      method: 'post',
      path: '/api/dev/token',
      operationId: 'devToken',
      summary: 'Local only: a token of the same shape as a Teams SSO token, for any person.',
      request: { body: devTokenBody },
      responses: { 200: json(ref('DevTokenResponse'), 'A token valid for one hour.'), ...errors(400) },
      handle: async ({ res, body: person }) => {
        const body: DevTokenResponse = await issuer.issue(person);
        logger.info({ oid: person.oid, tid: person.tid }, 'Issued a local token');
        sendJson(res, 200, body);
      },
    }),

    publicRoute({
      method: 'get',
      path: '/api/dev/personas',
      operationId: 'devPersonas',
      summary: 'Local only: the demo people a browser outside Teams can sign in as.',
      responses: { 200: json(ref('DevPersonasResponse'), 'Demo people.') },
      handle: async ({ res }) => {
        const people = [...((await playgroundPeople(deps.searchDirs)) ?? TEST_PEOPLE), ...(await neighbourPeople(deps.queries))];
        const personas = await Promise.all(
          people.map(async (p): Promise<DevPersona> => {
            const viewer = await deps.queries.viewerFor({ id: p.oid, tenantId: p.tid, name: p.name });
            // A coach who also administers the sluice is shown as the coach they mostly are.
            const role = !viewer ? 'everyone' : isCoach(viewer.sluice, viewer.person.id) ? 'coach' : roleOf(viewer.sluice, viewer.person);
            return { ...p, role: role === 'everyone' ? 'employee' : role };
          }),
        );
        // Coaches first: they are who a local try-out of the board usually starts as.
        const order = { admin: 0, coach: 1, registrator: 2, employee: 3 } as const;
        personas.sort((a, b) => order[a.role] - order[b.role]);
        sendJson(res, 200, { personas } satisfies DevPersonasResponse);
      },
    }),
  ];
}

/**
 * The admin of the local demo's second sluice (DEMO_NEIGHBOUR_SLUICE), marked with her municipality,
 * when that sluice is there: so the other side of a link can be tried too.
 */
async function neighbourPeople(queries: IdeaQueries): Promise<Omit<DevPersona, 'role'>[]> {
  const admin = { id: NEIGHBOUR.admin.id, tenantId: NEIGHBOUR.tenantId, name: NEIGHBOUR.admin.name };
  if ((await queries.viewerFor(admin))?.sluice.id !== NEIGHBOUR.sluiceId) return [];
  return [{ tid: NEIGHBOUR.tenantId, oid: NEIGHBOUR.admin.id, name: `${NEIGHBOUR.admin.name} (${NEIGHBOUR.municipality})` }];
}

/** The current user and users of the Playground file, or undefined when there is no such file. */
async function playgroundPeople(dirs: readonly string[]): Promise<Omit<DevPersona, 'role'>[] | undefined> {
  const file = dirs.map((d) => path.join(d, PLAYGROUND_CONFIG_FILE)).find((f) => existsSync(f));
  if (!file) return undefined;
  // yaml is a development dependency; this route only exists on local runs.
  const { parse } = await import('yaml');
  const doc: unknown = parse(await readFile(file, 'utf8'));
  const root = asRecord(doc);
  const tid = root['tenantId'];
  if (typeof tid !== 'string') return undefined;
  const users = [root['currentUser'], ...(Array.isArray(root['users']) ? root['users'] : [])].map(asRecord);
  const people = users.flatMap((u) => {
    const oid = u['aadObjectId'];
    const name = u['name'];
    return typeof oid === 'string' && typeof name === 'string' ? [{ tid, oid, name }] : [];
  });
  return people.length > 0 ? people : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
