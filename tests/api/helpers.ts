import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';

/** Someone signing in: an Entra object id in a tenant. */
export interface Who {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
}

/** A token from the server's local issuer (`POST /api/dev/token`), as the tab gets one outside Teams. */
export async function tokenFor(app: TestApp, who: Who): Promise<string> {
  const res = await app.post('/api/dev/token', { oid: who.id, tid: who.tenantId, name: who.name });
  if (res.status !== 200) throw new Error(`No dev token: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** GET as a signed-in person. */
export async function getAs(app: TestApp, who: Who, pathname: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  return app.get(pathname, bearer(await tokenFor(app, who)));
}

/** POST an action as a signed-in person, with the etag the person saw. */
export async function actAs(
  app: TestApp,
  who: Who,
  ideaId: string,
  action: unknown,
  etag: string | undefined,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = { ...bearer(await tokenFor(app, who)), ...(etag !== undefined ? { 'if-match': etag } : {}) };
  return app.post(`/api/ideas/${ideaId}/actions`, action, headers);
}

let counter = 0;

/**
 * Stores an idea straight through the repository, for tests that need control over dates,
 * stages and numbers; ideas that go through the domain use `app.services.ideas.submit`.
 */
export async function storeIdea(app: TestApp, overrides: Partial<Idea> & Pick<Idea, 'sluiceId' | 'tenantId' | 'giver'>): Promise<Idea> {
  counter += 1;
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1) + counter * 60_000).toISOString();
  const idea: Idea = {
    id: `00000000-0000-4000-a000-${String(counter).padStart(12, '0')}`,
    number: 1000 + counter,
    title: `Idé ${counter}`,
    need: 'Ett behov',
    idea: 'En idé',
    beneficiaries: ['staff'],
    department: 'Kommunledningskontoret',
    source: 'chat',
    stage: 'submitted',
    needsInfo: false,
    createdAt,
    createdAtMs: Date.parse(createdAt),
    updatedAt: createdAt,
    stageChangedAt: createdAt,
    history: [
      {
        id: `h-${counter}`,
        kind: 'submitted',
        at: createdAt,
        actor: { id: overrides.giver.id, name: overrides.giver.name },
        to: 'submitted',
      },
    ],
    satisfaction: [],
    version: 1,
    ...overrides,
  };
  await app.storage.ideas.create(idea);
  // Written past the idea service, so counted in the board's kept counts by hand, as an import is.
  await app.services.stageCounts.stored(idea);
  return idea;
}

/** Checks a response body against a schema of the server's own OpenAPI document. */
export async function schemaChecker(app: TestApp): Promise<(schemaName: string, body: unknown) => void> {
  const doc = (await app.get('/api/openapi.json')).body as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document is one schema resource, so its `#/components/schemas/...` references resolve.
  ajv.addSchema({ ...doc, $id: 'openapi' });
  return (schemaName, body) => {
    const validate = ajv.getSchema(`openapi#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`No schema ${schemaName}`);
    if (!validate(body)) throw new Error(`Response does not match ${schemaName}: ${ajv.errorsText(validate.errors)}`);
  };
}
