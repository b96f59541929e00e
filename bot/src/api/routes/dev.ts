import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'restify';
import type { IdeaQueries } from '../../domain/idea-queries';
import type { Logger } from '../../logger';
import type { LocalIssuer } from '../auth/local-issuer';
import type { DevPersona, DevPersonasResponse, DevTokenResponse } from '../contracts';
import { guarded, parseInput, sendJson } from '../http';
import { devTokenBody } from '../schemas';

/** Agents Playground's demo tenant: the people a browser outside Teams can pretend to be. */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

/**
 * The ids the tests use (tests/helpers/teams-activities.ts), for a checkout without the
 * Playground file: a tenant, two coaches and one employee.
 */
const TEST_PEOPLE: readonly Omit<DevPersona, 'role'>[] = [
  { tid: '11111111-1111-4111-8111-111111111111', oid: 'c0ac0000-0000-4000-8000-000000000001', name: 'Karin Berg' },
  { tid: '11111111-1111-4111-8111-111111111111', oid: 'c0ac0000-0000-4000-8000-000000000002', name: 'Omar Haddad' },
  { tid: '11111111-1111-4111-8111-111111111111', oid: '61e00000-0000-4000-8000-000000000001', name: 'Anna Lindqvist' },
];

export interface DevRouteDeps {
  readonly issuer: LocalIssuer;
  readonly queries: IdeaQueries;
  readonly logger: Logger;
  /** Folders searched for the Playground file, first hit wins. */
  readonly searchDirs: readonly string[];
}

/**
 * The local issuer's routes, registered only when the server is its own issuer (never in
 * production): its JWKS, a token for any person, and the demo people to choose from.
 */
export function registerDevRoutes(server: Server, deps: DevRouteDeps): void {
  const { issuer, logger } = deps;

  server.get(
    '/api/dev/jwks.json',
    guarded(logger, async (_req, res) => {
      sendJson(res, 200, issuer.publicKeys());
    }),
  );

  server.post(
    '/api/dev/token',
    guarded(logger, async (req, res) => {
      const person = parseInput(devTokenBody, req.body, 'body');
      const body: DevTokenResponse = await issuer.issue(person);
      logger.info({ oid: person.oid, tid: person.tid }, 'Issued a local token');
      sendJson(res, 200, body);
    }),
  );

  server.get(
    '/api/dev/personas',
    guarded(logger, async (_req, res) => {
      const people = (await playgroundPeople(deps.searchDirs)) ?? TEST_PEOPLE;
      const personas = await Promise.all(
        people.map(async (p): Promise<DevPersona> => {
          const viewer = await deps.queries.viewerFor({ id: p.oid, tenantId: p.tid, name: p.name });
          return { ...p, role: viewer?.isCoach ? 'coach' : 'employee' };
        }),
      );
      // Coaches first: they are who a local try-out of the board usually starts as.
      personas.sort((a, b) => (a.role === b.role ? 0 : a.role === 'coach' ? -1 : 1));
      sendJson(res, 200, { personas } satisfies DevPersonasResponse);
    }),
  );
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
