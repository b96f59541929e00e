/**
 * searchPeople (GET /api/people?q=), the tab's people pickers, against the whole server, the
 * embedded Cosmos and the Graph stand-in: the directory searched on behalf of the caller (OBO from
 * the request's own token, a token of the local issuer here), the exchanged token cached per user,
 * a 429 waited out; when OBO is refused or no Graph is configured, the people the sluice knows,
 * said so; nobody of another tenant or sluice ever; bad words refused with 400, givers with 403.
 */
import type { ApiError } from '../../bot/src/api/contracts';
import { LOCAL_AUDIENCE } from '../../bot/src/api/auth/local-issuer';
import type { PeopleSearchResponse } from '../../bot/src/api/people-contracts';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, COACH_2, GIVER, OTHER_TENANT, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphEnvironment, OTHER_PERSON, startTestGraph, type GraphStandIn } from '../helpers/graph-standin';
import { bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
/** The coach of the other tenant's own sluice, who is in the stand-in's directory of that tenant. */
const other: Who = { ...OTHER_PERSON, tenantId: OTHER_TENANT };
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Starts a server with a second sluice for the other tenant, and one idea handed in in each. */
async function startWithTwoSluices(env: Record<string, string>): Promise<TestApp> {
  const app = await startTestApp({ OUTBOX_POLL_MS: '0', ...env });
  await app.storage.sluices.create(
    createSluice({ id: 'annan-sluss', name: 'Annan idésluss', tenantIds: [OTHER_TENANT], coachIds: [OTHER_PERSON.id], now: new Date() }),
  );
  for (const [who, title] of [
    [giver, 'Påminn om simskolan'],
    [other, 'Lånecyklar i Annan kommun'],
  ] as const) {
    const result = await app.services.ideas.submit({
      giver: { id: who.id, name: who.name, tenantId: who.tenantId, locale: 'sv', department: 'Tekniska förvaltningen' },
      text: { title, need: 'Ett behov', idea: 'En idé', beneficiaries: ['residents'], department: 'Tekniska förvaltningen' },
      source: 'tab',
      idempotencyKey: `${who.id}:${title}`,
    });
    if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  }
  return app;
}

const search = (app: TestApp, who: Who, q: string) => getAs(app, who, `/api/people?q=${encodeURIComponent(q)}`);

describe('searchPeople with the directory (Graph on behalf of the caller)', () => {
  let graph: GraphStandIn;
  let app: TestApp;
  let check: (schema: string, body: unknown) => void;

  beforeAll(async () => {
    // Entra ID exchanges only a token issued for the app: the tab's tokens have the local audience.
    graph = await startTestGraph({ assertionAudiences: [LOCAL_AUDIENCE] });
    app = await startWithTwoSluices(graphEnvironment(graph));
    check = await schemaChecker(app);
  });
  afterAll(async () => {
    await app?.close();
    await graph?.stop();
  });

  it("finds people of the caller's tenant in the directory, exchanging the caller's own token once", async () => {
    const token = await tokenFor(app, coach);
    const before = graph.grants.filter((g) => g.grantType === OBO).length;
    const res = await app.get('/api/people?q=oma', bearer(token));
    expect(res.status).toBe(200);
    check('PeopleSearchResponse', res.body);
    expect(res.body).toEqual({
      directory: 'searched',
      people: [{ id: COACH_2.id, name: COACH_2.name, mail: 'omar@testkommun.example', source: 'directory' }],
    });
    // The token Graph was called with is on behalf of the coach, in the coach's tenant.
    expect(graph.grants.filter((g) => g.grantType === OBO).slice(before)).toEqual([{ tenantId: TENANT, grantType: OBO, userId: COACH.id }]);
    const searchCall = graph.calls.filter((c) => c.path === '/v1.0/users').pop();
    expect(searchCall?.tenantId).toBe(TENANT);

    // Typing on: the exchanged token is cached for this user's token, no second exchange.
    const again = await app.get('/api/people?q=omar%20h', bearer(token));
    expect((again.body as PeopleSearchResponse).people.map((p) => p.id)).toEqual([COACH_2.id]);
    expect(graph.grants.filter((g) => g.grantType === OBO).length - before).toBe(1);
  });

  it('names a giver the sluice knows first, with the address the directory has', async () => {
    const res = await search(app, coach, 'anna lind');
    expect(res.status).toBe(200);
    check('PeopleSearchResponse', res.body);
    expect(res.body).toEqual({
      directory: 'searched',
      people: [{ id: GIVER.id, name: GIVER.name, mail: 'anna@testkommun.example', source: 'directory' }],
    });
  });

  it('waits out a 429 from Graph and answers from the directory', async () => {
    graph.failNext(429, 1, 1);
    const res = await search(app, coach, 'karin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ directory: 'searched', people: [{ id: COACH.id, source: 'directory' }] });
    expect(
      graph.calls
        .filter((c) => c.path === '/v1.0/users')
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([429, 200]);
  });

  it('never returns anyone of another tenant or sluice, to either side', async () => {
    const fromHere = await search(app, coach, 'olle');
    expect(fromHere.status).toBe(200);
    expect(fromHere.body).toEqual({ directory: 'searched', people: [] });
    // The other sluice's coach searches their own tenant's directory and their own sluice only.
    const fromThere = await search(app, other, 'lindqvist');
    expect(fromThere.status).toBe(200);
    expect(fromThere.body).toEqual({ directory: 'searched', people: [] });
    const ownThere = await search(app, other, 'olle');
    expect((ownThere.body as PeopleSearchResponse).people.map((p) => p.id)).toEqual([OTHER_PERSON.id]);
  });

  it('offers the people the sluice knows, and says so, when Entra ID refuses the exchange (no consent)', async () => {
    graph.refuseOnBehalfOf();
    // A fresh token: the one exchanged before would still be in the cache.
    const res = await app.get('/api/people?q=anna', bearer(await tokenFor(app, { ...coach, name: 'Karin Berg' })));
    expect(res.status).toBe(200);
    check('PeopleSearchResponse', res.body);
    expect(res.body).toEqual({ directory: 'unavailable', people: [{ id: GIVER.id, name: GIVER.name, source: 'sluice' }] });
    expect(JSON.stringify(res.body)).not.toMatch(/AADSTS|consent/i);
  });

  it('refuses givers: only coaches and admins pick people', async () => {
    const res = await search(app, giver, 'karin');
    expect(res.status).toBe(403);
    expect((res.body as ApiError).message).toMatch(/coaches and admins/);
  });

  it.each([
    ['no words', '/api/people'],
    ['one letter', '/api/people?q=k'],
    ['only spaces', '/api/people?q=%20%20%20'],
    ['only symbols', '/api/people?q=%22%5C%22'],
    ['a control character', '/api/people?q=ka%00rin'],
    ['the words twice', '/api/people?q=karin&q=omar'],
    ['more than 100 characters', `/api/people?q=${'a'.repeat(101)}`],
    ['an unknown parameter', '/api/people?q=karin&top=50'],
  ])('answers 400 with a message for %s, and asks Graph nothing', async (_what, pathname) => {
    const calls = graph.calls.length;
    const res = await getAs(app, coach, pathname);
    expect(res.status).toBe(400);
    expect((res.body as ApiError).code).toBe('BadRequest');
    expect((res.body as ApiError).message).toMatch(/^Invalid query: q|^Invalid query: top/);
    expect(graph.calls.length).toBe(calls);
  });
});

describe('searchPeople without Graph', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startWithTwoSluices({});
  });
  afterAll(async () => {
    await app?.close();
  });

  it('offers the coaches and givers the sluice knows, and says the directory is off', async () => {
    const res = await search(app, coach, 'anna');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ directory: 'off', people: [{ id: GIVER.id, name: GIVER.name, source: 'sluice' }] });
    // The other sluice's giver is nobody here, and this sluice's nobody there.
    expect((await search(app, coach, 'olle')).body).toEqual({ directory: 'off', people: [] });
    expect((await search(app, other, 'lindqvist')).body).toEqual({ directory: 'off', people: [] });
  });
});
