import { BOT_ROUTE, PUBLIC_ROUTES } from '../../bot/src/api/auth/middleware';
import { restifyPath } from '../../bot/src/api/route';
import { startTestApp, type TestApp } from '../helpers/app';

/** The routes restify really holds, as `METHOD /path` in its own (`:id`) form. */
function registered(app: TestApp): string[] {
  return Object.values(app.server.router.getRoutes())
    .map((r) => `${String(r.method).toUpperCase()} ${String(r.path)}`)
    .sort();
}

/** A request to a route that would pass every input check: ids in the server's format, a body. */
function sample(route: string): { method: string; path: string; body?: unknown } {
  const [method, pattern] = route.split(' ') as [string, string];
  const path = pattern.replace(/:[A-Za-z0-9_]+/g, '00000000-0000-4000-a000-000000000001');
  return method === 'GET' || method === 'DELETE' ? { method, path } : { method, path, body: { type: 'message' } };
}

describe('the routes under /api/', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Bot credentials on, so that /api/messages is guarded too (by Bot Framework tokens).
    app = await startTestApp({
      MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-0000000000b0',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });
  afterAll(() => app.close());

  it('are exactly the paths and methods of the OpenAPI document (and the bot endpoint)', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${restifyPath(path)}`))
      .sort();
    const api = registered(app).filter((r) => r.split(' ')[1]!.startsWith('/api/') && r !== BOT_ROUTE);
    expect(api).toEqual(documented);
    // A sanity check that the comparison covers something: the routes the tab uses are there.
    expect(api).toEqual(
      expect.arrayContaining(['GET /api/board', 'GET /api/ideas/:id', 'POST /api/ideas/:id/actions', 'POST /api/dev/token']),
    );
  });

  it('every route that is not on the public list answers 401 without a token', async () => {
    const guarded = registered(app).filter((r) => r.split(' ')[1]!.startsWith('/api/') && !PUBLIC_ROUTES.includes(r));
    expect(guarded).toContain(BOT_ROUTE);
    expect(guarded.length).toBeGreaterThan(5);
    const answers: Record<string, number> = {};
    for (const route of guarded) {
      const { method, path, body } = sample(route);
      answers[route] = (await app.call(method, path, body)).status;
    }
    expect(answers).toEqual(Object.fromEntries(guarded.map((r) => [r, 401])));
  });

  it('the public list holds only the document and the local issuer', async () => {
    expect([...PUBLIC_ROUTES].sort()).toEqual([
      'GET /api/dev/jwks.json',
      'GET /api/dev/personas',
      'GET /api/openapi.json',
      'POST /api/dev/token',
    ]);
    for (const route of PUBLIC_ROUTES) {
      const { method, path } = sample(route);
      const res = await app.call(method, path, method === 'POST' ? { oid: 'x' } : undefined);
      expect([200, 400]).toContain(res.status);
    }
  });

  it('a route added without a token check is still guarded by the middleware', async () => {
    app.server.get('/api/added-later', async (_req, res) => {
      res.send(200, { secret: true });
    });
    const res = await app.get('/api/added-later');
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
});
