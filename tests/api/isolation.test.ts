/**
 * Isolation over every surface of the tab API, with three tenants in two sluices: S1 (the default
 * sluice, "Skaraborg") is shared by T1 (Skövde) and T2 (Falköping); S2 ("Piteå") is T3's own and
 * is linked with S1 at the end. Nothing of one sluice is readable or changeable from the other —
 * the board, lists, search, one idea, every mutation, similar ideas, statistics, the CSV export,
 * imports, the audit log, settings and absence — and a link shows only what it allows, only while
 * it holds. People sign in with the server's local Entra stand-in tokens, as the tab does.
 * The bot's side (capture, "mina idéer", card actions) is tests/teams/isolation.test.ts.
 */
import { parse } from 'csv-parse/sync';
import type { AuditPageBody, ImportResponseBody } from '../../bot/src/api/admin-schemas';
import type { BoardResponse, CountsResponse, IdeaPage, IdeaResponse, TabConfig } from '../../bot/src/api/contracts';
import type { LinkedIdeasBody } from '../../bot/src/api/link-schemas';
import type { SimilarIdeasResponse } from '../../bot/src/api/similar-contracts';
import type { StatsResponse } from '../../bot/src/api/stats-contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { LINKED_STAGES } from '../../bot/src/domain/linked-ideas';
import { createSluice } from '../../bot/src/domain/sluice';
import { STAGES, type Stage } from '../../bot/src/domain/stages';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { movableClock } from '../teams/reminders/clock';
import { bearer, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const T1 = TENANT;
const T2 = '44444444-4444-4444-8444-444444444444';
const T3 = '55555555-5555-4555-8555-555555555555';
const S1 = 'default';
const S2 = 'pitea';

const A1: Who = { id: 'ad000000-0000-4000-8000-000000000011', tenantId: T1, name: 'Lars Nilsson' };
const C1: Who = { ...COACH, tenantId: T1 };
const C2: Who = { id: 'c0ac0000-0000-4000-8000-000000000022', tenantId: T2, name: 'Lina Ek' };
const G1: Who = { ...GIVER, tenantId: T1 };
const G2: Who = { id: '61e00000-0000-4000-8000-000000000022', tenantId: T2, name: 'Sara Nyström' };
const A3: Who = { id: 'ad000000-0000-4000-8000-000000000033', tenantId: T3, name: 'Eva Berg' };
const C3: Who = { id: 'c0ac0000-0000-4000-8000-000000000033', tenantId: T3, name: 'Per Holm' };
const G3: Who = { id: '61e00000-0000-4000-8000-000000000033', tenantId: T3, name: 'Ola Lind' };
/** S1's people with their own ids, signed in from T3: their S1 roles do not follow them. */
const C1inT3: Who = { ...C1, tenantId: T3 };
const G1inT3: Who = { ...G1, tenantId: T3 };
const A1inT3: Who = { ...A1, tenantId: T3 };

const S1_PEOPLE = [G1, G2, C1, C2, A1];
const S2_PEOPLE = [G3, C3, A3, C1inT3, G1inT3, A1inT3];

// Monday 23 November 2026, 10:00 in Stockholm: ideas handed in now, stored ones earlier in the year.
const clock = movableClock('2026-11-23');
let app: TestApp;
let check: (schema: string, body: unknown) => void;
/** The tunnel idea of T1 (taken through every mutation), the swimming idea of T2, and T3's tunnel idea. */
let x1: Idea;
let x2: Idea;
let y1: Idea;
const s1Stored: Idea[] = [];
const s2Stored: Idea[] = [];
/** Ideas of the same form handed in to each sluice from the tab: counted, but their title is in both. */
const s1Extra: string[] = [];
const s2Extra: string[] = [];

async function call(method: string, who: Who, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    headers: {
      ...bearer(await tokenFor(app, who)),
      ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'text/csv; charset=utf-8' : 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV: keep the text
  }
  return { status: res.status, body: parsed };
}
const get = (who: Who, pathname: string) => call('GET', who, pathname);

async function submit(giver: Who, title: string, need: string, idea: string): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...giver, locale: 'sv', department: 'Tekniska förvaltningen' },
    text: { title, need, idea, beneficiaries: ['residents'], department: 'Tekniska förvaltningen' },
    source: 'tab',
    idempotencyKey: `${giver.id}:${title}`,
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

/** Every idea id of a sluice, from storage. */
async function idsOf(sluiceId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const idea of app.storage.ideas.all(sluiceId)) ids.push(idea.id);
  return ids.sort();
}

/** How the idea is stored now: its etag and history length, to show a refusal changed nothing. */
async function stateOf(sluiceId: string, id: string) {
  const found = (await app.storage.ideas.get(sluiceId, id))!;
  return { etag: found.etag, version: found.value.version, events: found.value.history.length, stage: found.value.stage };
}

const reason = (stage: Stage, at: string) =>
  stage === 'closed'
    ? [
        {
          id: `closed-${at}`,
          kind: 'declined' as const,
          at,
          actor: { id: C1.id, name: C1.name },
          from: 'screening' as const,
          to: 'closed' as const,
          text: 'Finns redan',
        },
      ]
    : [];

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: A1.id, DEFAULT_SLUICE_NAME: 'Skaraborgs idésluss', STATS_SWEEP_MS: '0' }, { clock });
  check = await schemaChecker(app);
  const s1 = (await app.storage.sluices.get(S1))!;
  await app.storage.sluices.replace(
    {
      ...s1.value,
      tenantIds: [T1, T2],
      municipalities: { [T1]: 'Skövde', [T2]: 'Falköping' },
      coaches: [
        { id: C1.id, name: C1.name, tenantId: T1 },
        { id: C2.id, name: C2.name, tenantId: T2 },
      ],
    },
    s1.etag,
  );
  await app.storage.sluices.create({
    ...createSluice({ id: S2, name: 'Piteå idésluss', tenantIds: [T3], coachIds: [C3.id], adminIds: [A3.id], now: clock.now() }),
    municipalities: { [T3]: 'Piteå' },
    coaches: [{ id: C3.id, name: C3.name, tenantId: T3 }],
  });

  x1 = await submit(G1, 'Tryggare gångtunnlar', 'Gångtunnlarna är mörka på kvällen.', 'Rörelsestyrd belysning i gångtunnlarna.');
  x2 = await submit(G2, 'Simskola med påminnelser', 'Barn missar simskolan.', 'Sms till föräldrarna dagen före lektionen.');
  y1 = await submit(
    G3,
    'Ljusare gångtunnlar',
    'Gångtunnlarna är mörka på kvällen.',
    'Rörelsestyrd belysning i gångtunnlarna och ljusa väggar.',
  );
  for (const [i, stage] of STAGES.entries()) {
    const at = `2026-0${1 + i}-10T09:00:00.000Z`;
    const tenantId = i % 2 === 0 ? T1 : T2;
    const giver = { ...(tenantId === T1 ? G1 : G2), locale: 'sv' as const };
    s1Stored.push(
      await storeIdea(app, {
        sluiceId: S1,
        tenantId,
        giver,
        stage,
        title: `Skaraborg ${stage}`,
        createdAt: at,
        createdAtMs: Date.parse(at),
        stageChangedAt: at,
        history: [
          { id: `s1-${stage}`, kind: 'submitted', at, actor: { id: giver.id, name: giver.name }, to: 'submitted' },
          ...reason(stage, at),
        ],
      }),
    );
  }
  for (const stage of ['submitted', 'done'] as const) {
    const at = '2026-03-05T09:00:00.000Z';
    s2Stored.push(
      await storeIdea(app, {
        sluiceId: S2,
        tenantId: T3,
        giver: { ...G3, locale: 'sv' },
        stage,
        title: `Piteå ${stage}`,
        createdAt: at,
        createdAtMs: Date.parse(at),
        stageChangedAt: at,
        history: [{ id: `s2-${stage}`, kind: 'submitted', at, actor: { id: G3.id, name: G3.name }, to: 'submitted' }],
      }),
    );
  }
});
afterAll(async () => {
  await app?.close();
});

const s1Ids = () => [x1.id, x2.id, ...s1Stored.map((i) => i.id), ...s1Extra].sort();
const s2Ids = () => [y1.id, ...s2Stored.map((i) => i.id), ...s2Extra].sort();
/** Every idea id and title of S1 that must never show in S2, and the other way round. */
const s1Marks = () => [...s1Ids(), x1.title, x2.title, ...s1Stored.map((i) => i.title)];
const s2Marks = () => [...s2Ids(), y1.title, ...s2Stored.map((i) => i.title)];
const expectNone = (body: unknown, marks: readonly string[]) => {
  const wire = JSON.stringify(body);
  for (const mark of marks) expect(wire).not.toContain(mark);
};

describe('a sluice shared by two tenants', () => {
  it('shows people of both tenants all of S1 and nothing of S2', async () => {
    expect(await idsOf(S1)).toEqual(s1Ids());
    for (const who of S1_PEOPLE) {
      const list = await get(who, '/api/ideas?pageSize=50');
      expect(list.status).toBe(200);
      expect((list.body as IdeaPage).items.map((i) => i.id).sort()).toEqual(s1Ids());
      const board = await get(who, '/api/board');
      check('BoardResponse', board.body);
      expect((board.body as BoardResponse).total).toBe(s1Ids().length);
      expectNone(board.body, s2Marks());
      // Each tenant's people open the other tenant's ideas.
      for (const idea of [x1, x2]) expect((await get(who, `/api/ideas/${idea.id}`)).status).toBe(200);
      const config = (await get(who, '/api/config')).body as TabConfig;
      expect(config.sluice.id).toBe(S1);
      expect(config.municipalities.map((m) => m.name).sort()).toEqual(['Falköping', 'Skövde']);
    }
    // The municipality filter narrows within S1.
    const t2Only = (await get(G1, `/api/ideas?pageSize=50&municipality=${T2}`)).body as IdeaPage;
    expect(t2Only.items.every((i) => i.tenantId === T2)).toBe(true);
    expect(t2Only.items.map((i) => i.id)).toContain(x2.id);
  });
});

describe('another sluice reads nothing of S1', () => {
  it("keeps S1 out of S2's board, counts, lists, search and Mina idéer, for every S2 person", async () => {
    for (const who of S2_PEOPLE) {
      const board = await get(who, '/api/board');
      expect(board.status).toBe(200);
      expect((board.body as BoardResponse).total).toBe(s2Ids().length);
      expectNone(board.body, s1Marks());
      expect(((await get(who, '/api/counts')).body as CountsResponse).total).toBe(s2Ids().length);
      const list = (await get(who, '/api/ideas?pageSize=50')).body as IdeaPage;
      expect(list.items.map((i) => i.id).sort()).toEqual(s2Ids());
      // Search finds T3's tunnel idea and not S1's, nor anything by S1's own words.
      const tunnels = (await get(who, `/api/ideas?q=${encodeURIComponent('gångtunnlar')}`)).body as IdeaPage;
      expect(tunnels.items.map((i) => i.id)).toEqual([y1.id]);
      expect(((await get(who, '/api/ideas?q=Skaraborg')).body as IdeaPage).items).toEqual([]);
      expect(((await get(who, '/api/ideas?q=Simskola')).body as IdeaPage).items).toEqual([]);
      // A tenant of S1 as the municipality filter finds nothing.
      for (const tenant of [T1, T2]) {
        expect(((await get(who, `/api/ideas?municipality=${tenant}`)).body as IdeaPage).items).toEqual([]);
        expect((await get(who, `/api/board?municipality=${tenant}`)).body).toMatchObject({ total: 0 });
      }
      expect((await get(who, '/api/config')).body).toMatchObject({ sluice: { id: S2, name: 'Piteå idésluss' } });
    }
    // S1's giver signed in from T3 has no ideas there: Mina idéer is per tenant too.
    expect(((await get(G1inT3, '/api/ideas/mine')).body as IdeaPage).items).toEqual([]);
    expect(((await get(G3, '/api/ideas/mine')).body as IdeaPage).items.map((i) => i.id).sort()).toEqual(s2Ids());
  });

  it('answers 404 for every idea of the other sluice, both ways, and a bad id is 400', async () => {
    for (const who of S2_PEOPLE)
      for (const id of s1Ids()) expect(await get(who, `/api/ideas/${id}`)).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    for (const who of S1_PEOPLE) for (const id of s2Ids()) expect((await get(who, `/api/ideas/${id}`)).status).toBe(404);
    expect((await get(C3, '/api/ideas/..%2Fdefault')).status).toBeGreaterThanOrEqual(400);
  });
});

describe("every mutation of an S1 idea from S2 is refused and changes nothing; S1's own people then do it", () => {
  /** Tries the request as each outsider (404, nothing stored), then as `legit` (200); returns the idea after. */
  async function refusedThenDone(
    method: string,
    path: (id: string) => string,
    body: unknown,
    outsiders: readonly Who[],
    legit: Who,
  ): Promise<IdeaResponse['idea']> {
    const before = await stateOf(S1, x1.id);
    for (const who of outsiders) {
      const res = await call(method, who, path(x1.id), body, { 'if-match': before.etag });
      expect({ who: who.name, tenant: who.tenantId, status: res.status }).toEqual({ who: who.name, tenant: who.tenantId, status: 404 });
      expectNone(res.body, [x1.title, x1.need]);
      expect(await stateOf(S1, x1.id)).toEqual(before);
    }
    const done = await call(method, legit, path(x1.id), body, { 'if-match': before.etag });
    expect(done.status).toBe(200);
    check('IdeaResponse', done.body);
    return (done.body as IdeaResponse).idea;
  }
  const coachOutsiders = [C3, A3, C1inT3, A1inT3];
  const giverOutsiders = [G3, A3, G1inT3];
  const actions = (id: string) => `/api/ideas/${id}/actions`;

  it('take, ask, answer, edit, advance, rate, reassign, decline, reopen and withdraw', async () => {
    expect((await stateOf(S1, x1.id)).stage).toBe('submitted');
    await refusedThenDone('POST', actions, { type: 'take' }, coachOutsiders, C1);
    await refusedThenDone('POST', actions, { type: 'askInfo', question: 'Vilka tunnlar?' }, coachOutsiders, C1);
    const questionId = ((await get(G1, `/api/ideas/${x1.id}`)).body as IdeaResponse).idea.openQuestionId!;
    expect(questionId).toBeDefined();
    await refusedThenDone('POST', (id) => `/api/ideas/${id}/answer`, { answer: 'Vid stationen', questionId }, giverOutsiders, G1);
    await refusedThenDone('PATCH', (id) => `/api/ideas/${id}`, { title: 'Tryggare gångtunnlar vid stationen' }, giverOutsiders, G1);
    await refusedThenDone('POST', actions, { type: 'advance', comment: 'Vi testar' }, coachOutsiders, C1);
    const decisionId = ((await get(G1, `/api/ideas/${x1.id}`)).body as IdeaResponse).idea.ratingAsked!.decisionId;
    await refusedThenDone('POST', (id) => `/api/ideas/${id}/rating`, { rating: 5, decisionId }, giverOutsiders, G1);
    // A coach of T1 hands T1's idea to the coach of T2: both tenants' coaches act on all of S1.
    await refusedThenDone('POST', actions, { type: 'reassign', coachId: C2.id }, coachOutsiders, C1);
    await refusedThenDone('POST', actions, { type: 'decline', reason: 'Finns redan' }, coachOutsiders, C2);
    await refusedThenDone('POST', actions, { type: 'reopen', comment: 'Vi tar upp den igen' }, coachOutsiders, C2);
    const withdrawn = await refusedThenDone(
      'POST',
      (id) => `/api/ideas/${id}/withdraw`,
      { reason: 'Löst på annat sätt' },
      giverOutsiders,
      G1,
    );
    expect(withdrawn.stage).toBe('closed');
    // A reassign from S2 to S2's own coach is refused too (and S2's coach is no coach of S1).
    const before = await stateOf(S1, x2.id);
    expect((await call('POST', A3, actions(x2.id), { type: 'reassign', coachId: C3.id }, { 'if-match': before.etag })).status).toBe(404);
    expect(await stateOf(S1, x2.id)).toEqual(before);
  });

  it("refuses S1's coaches and admin on an S2 idea the same way", async () => {
    const before = await stateOf(S2, y1.id);
    for (const who of [C1, C2, A1]) {
      const res = await call('POST', who, actions(y1.id), { type: 'take' }, { 'if-match': before.etag });
      expect(res.status).toBe(404);
      expect((await call('PATCH', who, `/api/ideas/${y1.id}`, { title: 'Kapad' }, { 'if-match': before.etag })).status).toBe(404);
    }
    expect(await stateOf(S2, y1.id)).toEqual(before);
    expect((await call('POST', C3, actions(y1.id), { type: 'take' }, { 'if-match': before.etag })).status).toBe(200);
  });

  it('hands in an idea from the tab into the caller’s own sluice only', async () => {
    const form = {
      title: 'Cykelpool för hemtjänsten',
      need: 'Bilarna räcker inte.',
      idea: 'Elcyklar att låna.',
      beneficiaries: ['staff'],
      department: 'Vård och omsorg',
      idempotencyKey: 'isolation-cykelpool',
    };
    const s1Before = await idsOf(S1);
    const res = await call('POST', G1inT3, '/api/ideas', form);
    expect(res.status).toBe(201);
    const stored = (res.body as IdeaResponse).idea;
    expect(await app.storage.ideas.get(S2, stored.id)).toBeDefined();
    expect(await idsOf(S1)).toEqual(s1Before);
    // The same form key from G1 in T1 is another idea, in S1.
    const own = await call('POST', G1, '/api/ideas', form);
    expect(own.status).toBe(201);
    expect((own.body as IdeaResponse).idea.id).not.toBe(stored.id);
    expect(await app.storage.ideas.get(S1, (own.body as IdeaResponse).idea.id)).toBeDefined();
    s2Extra.push(stored.id);
    s1Extra.push((own.body as IdeaResponse).idea.id);
  });
});

describe('similar ideas', () => {
  const draft = { title: 'Mörka gångtunnlar', need: 'Gångtunnlarna är mörka på kvällen.', idea: 'Rörelsestyrd belysning i gångtunnlarna.' };

  it("suggest only the caller's own sluice's ideas, however alike the other sluice's are", async () => {
    const fromS2 = await call('POST', G3, '/api/ideas/similar', { ...draft, limit: 10 });
    expect(fromS2.status).toBe(200);
    const s2Found = (fromS2.body as SimilarIdeasResponse).items.map((i) => i.id);
    expect(s2Found).toContain(y1.id);
    expect(s2Found.every((id) => s2Ids().includes(id))).toBe(true);
    const fromS1 = (await call('POST', G2, '/api/ideas/similar', { ...draft, limit: 10 })).body as SimilarIdeasResponse;
    expect(fromS1.items.map((i) => i.id)).toContain(x1.id);
    expect(fromS1.items.map((i) => i.id)).not.toContain(y1.id);

    const likeY1 = (await get(C3, `/api/ideas/${y1.id}/similar?limit=10`)).body as SimilarIdeasResponse;
    expect(likeY1.items.every((i) => s2Ids().includes(i.id))).toBe(true);
    expect((await get(C3, `/api/ideas/${x1.id}/similar`)).status).toBe(404);
    expect((await get(G1, `/api/ideas/${y1.id}/similar`)).status).toBe(404);
  });
});

describe('statistics and the CSV export', () => {
  const period = '?period=custom&from=2026-01&to=2026-11';
  beforeAll(async () => {
    await app.services.stats.rebuild(S1);
    await app.services.stats.rebuild(S2);
  });

  it("count only the sluice's own ideas, and refuse a municipality of the other sluice", async () => {
    const s2 = (await get(C3, `/api/stats${period}`)).body as StatsResponse;
    check('StatsResponse', s2);
    expect(s2.funnel.submitted.value).toBe(s2Ids().length);
    expect(STAGES.reduce((n, s) => n + s2.now[s], 0)).toBe(s2Ids().length);
    expect(s2.details!.municipalities.map((m) => m.tenantId)).toEqual([T3]);
    const s1 = (await get(C2, `/api/stats${period}`)).body as StatsResponse;
    expect(s1.funnel.submitted.value).toBe(s1Ids().length);
    expect(s1.details!.municipalities.map((m) => m.name).sort()).toEqual(['Falköping', 'Skövde']);
    // The public summary of S2 for a giver: the same count.
    expect(((await get(G3, `/api/stats${period}`)).body as StatsResponse).funnel.submitted.value).toBe(s2Ids().length);

    for (const tenant of [T1, T2]) {
      const refused = await get(C3, `/api/stats${period}&municipality=${tenant}`);
      expect(refused).toMatchObject({ status: 400, body: { problems: [{ field: 'municipality' }] } });
      expect((await get(C3, `/api/stats/export.csv${period}&municipality=${tenant}`)).status).toBe(400);
    }
    // S1's coach signed in from T3 gets S2's figures, not S1's.
    expect(((await get(C1inT3, `/api/stats${period}&scope=public`)).body as StatsResponse).funnel.submitted.value).toBe(s2Ids().length);
  });

  it("exports only the sluice's own ideas, and each sluice's export log is its own", async () => {
    const rowsOf = async (who: Who) => {
      const res = await get(who, `/api/stats/export.csv${period}`);
      expect(res.status).toBe(200);
      return parse(String(res.body), { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
    };
    const s2 = await rowsOf(C3);
    expect(s2).toHaveLength(s2Ids().length);
    expect(s2.map((r) => r['Titel'])).toEqual(expect.arrayContaining([y1.title, ...s2Stored.map((i) => i.title)]));
    expect(new Set(s2.map((r) => r['Kommun']))).toEqual(new Set(['Piteå']));
    expectNone(s2, s1Marks());
    const s1 = await rowsOf(C1);
    expect(s1).toHaveLength(s1Ids().length);
    expect(new Set(s1.map((r) => r['Kommun']))).toEqual(new Set(['Skövde', 'Falköping']));
    expectNone(s1, [y1.title, ...s2Stored.map((i) => i.title)]);

    const logOf = async (who: Who) =>
      ((await get(who, '/api/stats/exports')).body as { exports: { by: { id: string } }[] }).exports.map((e) => e.by.id);
    expect(await logOf(C3)).toEqual([C3.id]);
    expect(await logOf(C1)).toEqual([C1.id]);
  });
});

describe('imports, settings and the audit log', () => {
  const HEADER = 'title;need;idea;department;municipality;giverName';
  const file = (municipality: string) =>
    `${HEADER}\n${['Fler bänkar', 'Parkbänkar i centrum', 'Fler soffor i parker'].map((t, i) => `${t};Äldre behöver vila;Bänkar;Tekniska förvaltningen;${municipality};Person ${i}`).join('\n')}\n`;

  it("cannot import into another sluice, nor name another sluice's municipality; nothing is stored", async () => {
    const s1Before = await idsOf(S1);
    const s2Before = await idsOf(S2);
    expect((await call('POST', A3, `/api/admin/import?dryRun=false&sluice=${S1}`, file(''))).status).toBe(403);
    expect((await call('POST', A1inT3, '/api/admin/import?dryRun=false', file(''))).status).toBe(403);
    for (const named of ['Skövde', T2]) {
      const res = await call('POST', A3, '/api/admin/import?dryRun=false', file(named));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('municipality');
    }
    expect(await idsOf(S1)).toEqual(s1Before);
    expect(await idsOf(S2)).toEqual(s2Before);
  });

  it("imports into the admin's own sluice only; the same file into S1 is S1's own ideas", async () => {
    const s1Before = await idsOf(S1);
    const intoS2 = await call('POST', A3, '/api/admin/import?dryRun=false', file('Piteå'));
    expect(intoS2.status).toBe(200);
    expect((intoS2.body as ImportResponseBody).created).toBe(3);
    expect(await idsOf(S1)).toEqual(s1Before);
    const s2After = await idsOf(S2);
    const intoS1 = await call('POST', A1, '/api/admin/import?dryRun=false', file(''));
    expect((intoS1.body as ImportResponseBody).created).toBe(3);
    expect(await idsOf(S2)).toEqual(s2After);
    expect((await idsOf(S1)).length).toBe(s1Before.length + 3);
    // Imported ideas of S2 are on S2's board and not on S1's.
    expect(((await get(G3, '/api/ideas?q=parkb%C3%A4nkar')).body as IdeaPage).items.every((i) => i.tenantId === T3)).toBe(true);
    expect(((await get(G2, '/api/ideas?q=parkb%C3%A4nkar')).body as IdeaPage).items.every((i) => i.tenantId === T1)).toBe(true);
  });

  it("keeps settings apart: S2 cannot take S1's tenants, and S1's admin is nobody from T3", async () => {
    const s1Before = (await app.storage.sluices.get(S1))!.etag;
    const seen = (await get(A3, '/api/admin/sluice')).body as {
      settings: Record<string, unknown> & { municipalities: unknown[] };
      etag: string;
    };
    expect(seen.settings).toMatchObject({ name: 'Piteå idésluss' });
    const take = await call(
      'PUT',
      A3,
      '/api/admin/sluice',
      { ...seen.settings, municipalities: [...seen.settings.municipalities, { tenantId: T1, name: 'Skövde' }] },
      { 'if-match': seen.etag },
    );
    expect(take).toMatchObject({ status: 400, body: { problems: [{ field: 'municipalities.1.tenantId', code: 'tenantInOtherSluice' }] } });
    for (const path of ['/api/admin/sluice', '/api/admin/audit', '/api/admin/links']) expect((await get(A1inT3, path)).status).toBe(403);
    expect((await app.storage.sluices.get(S1))!.etag).toBe(s1Before);
    expect((await app.storage.sluices.get(S2))!.value.tenantIds).toEqual([T3]);
  });

  it("shows each sluice's admins only their own audit events", async () => {
    const auditOf = async (who: Who) => ((await get(who, '/api/admin/audit?pageSize=100')).body as AuditPageBody).items;
    const s2 = await auditOf(A3);
    expect(s2.map((e) => `${e.action} by ${e.actor.id}`)).toEqual([`ideas.imported by ${A3.id}`]);
    const s1 = await auditOf(A1);
    expect(s1.map((e) => `${e.action} by ${e.actor.id}`)).toEqual([`ideas.imported by ${A1.id}`]);
  });

  it('lets no S1 coach be away from T3 (they are no coach of S2), changing nothing in S1', async () => {
    const before = (await app.storage.sluices.get(S1))!.etag;
    const res = await call('PUT', C1inT3, '/api/me/absence', { until: '2026-12-24' });
    expect(res.status).toBe(403);
    expect((await app.storage.sluices.get(S1))!.etag).toBe(before);
  });
});

describe('linked sluices', () => {
  const linked = async (who: Who) => {
    const res = await get(who, '/api/linked-ideas?pageSize=100');
    expect(res.status).toBe(200);
    return res.body as LinkedIdeasBody;
  };
  const inStages = async (sluiceId: string) => {
    const ids: string[] = [];
    for await (const idea of app.storage.ideas.all(sluiceId))
      if ((LINKED_STAGES as readonly Stage[]).includes(idea.stage)) ids.push(idea.id);
    return ids.sort();
  };

  const statsNow = async (who: Who) => ((await get(who, '/api/stats?period=custom&from=2026-01&to=2026-11')).body as StatsResponse).now;
  let unlinkedNow: { s1: Record<Stage, number>; s2: Record<Stage, number> };

  it('show nothing before both admins agree', async () => {
    await app.services.stats.rebuild(S1);
    await app.services.stats.rebuild(S2);
    unlinkedNow = { s1: await statsNow(C1), s2: await statsNow(C3) };
    expect((await linked(G3)).items).toEqual([]);
    expect((await call('POST', A3, '/api/admin/links', { sluiceId: S1 })).status).toBe(200);
    for (const who of [G3, G1, G2]) expect((await linked(who)).items).toEqual([]);
  });

  it("show S2 only S1's tested, implemented and closed ideas, read-only, for both of S1's tenants' ideas", async () => {
    expect((await call('POST', A1, `/api/admin/links/${S2}/accept`)).status).toBe(200);
    for (const who of [G3, C3]) {
      const page = await linked(who);
      check('LinkedIdeasPage', page);
      expect(page.items.map((i) => i.id).sort()).toEqual(await inStages(S1));
      expect(new Set(page.items.map((i) => i.municipality))).toEqual(new Set(['Skövde', 'Falköping']));
      for (const item of page.items) expect(LINKED_STAGES).toContain(item.stage);
      expectNone(page, [G1.name, G2.name, G1.id, G2.id, C1.name, C2.id, T1, T2]);
    }
    // Both of S1's tenants see S2's outcomes.
    for (const who of [G1, G2]) expect((await linked(who)).items.map((i) => i.id).sort()).toEqual(await inStages(S2));
  });

  it('keep the linked ideas out of every other surface and unchangeable', async () => {
    const shown = (await linked(C3)).items;
    expect(shown.length).toBeGreaterThan(0);
    for (const item of shown) {
      expect((await get(C3, `/api/ideas/${item.id}`)).status).toBe(404);
      expect((await get(C3, `/api/ideas/${item.id}/similar`)).status).toBe(404);
      const before = await stateOf(S1, item.id);
      const reopen = await call(
        'POST',
        C3,
        `/api/ideas/${item.id}/actions`,
        { type: 'reopen', comment: 'Vi tar den' },
        { 'if-match': before.etag },
      );
      expect(reopen.status).toBe(404);
      expect(await stateOf(S1, item.id)).toEqual(before);
    }
    const board = await get(C3, '/api/board');
    expectNone(
      board.body,
      shown.map((i) => i.id),
    );
    expect((board.body as BoardResponse).total).toBe((await idsOf(S2)).length);
    // The statistics of either side are what they were before the link.
    await app.services.stats.rebuild(S1);
    await app.services.stats.rebuild(S2);
    expect({ s1: await statsNow(C1), s2: await statsNow(C3) }).toEqual(unlinkedNow);
  });

  it('show nothing once either side removes the link', async () => {
    expect((await call('DELETE', A1, `/api/admin/links/${S2}`)).status).toBe(200);
    for (const who of [G3, C3, G1, G2]) expect(await linked(who)).toEqual({ sluices: [], items: [], more: false });
    // And S2 asking again is only a request: nothing crosses until S1 accepts.
    expect((await call('POST', A3, '/api/admin/links', { sluiceId: S1 })).status).toBe(200);
    expect((await linked(G3)).items).toEqual([]);
  });
});
