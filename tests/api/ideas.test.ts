import type { BoardResponse, IdeaCard, IdeaDetail, IdeaPage, TabConfig } from '../../bot/src/api/contracts';
import { boardQuery, filterShape, listQuery } from '../../bot/src/api/schemas';
import type { Idea } from '../../bot/src/domain/idea';
import { STAGES } from '../../bot/src/domain/stages';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const colleague: Who = { id: '61e00000-0000-4000-8000-000000000002', tenantId: TENANT, name: 'Erik Johansson' };
const SECOND_TENANT = '66666666-6666-4666-8666-666666666666';

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let ideas: Idea[];

/** Twelve ideas with known dates, stages, departments, coaches and texts. */
beforeAll(async () => {
  app = await startTestApp();
  check = await schemaChecker(app);
  // The default sluice gets a second municipality, so the municipality filter has something to tell apart.
  const sluice = (await app.storage.sluices.get('default'))!;
  await app.storage.sluices.replace(
    { ...sluice.value, tenantIds: [TENANT, SECOND_TENANT], municipalities: { [TENANT]: 'Testkommun', [SECOND_TENANT]: 'Grannkommun' } },
    sluice.etag,
  );
  const g = (who: Who) => ({ id: who.id, tenantId: who.tenantId, name: who.name, locale: 'sv' as const });
  const k1 = { id: COACH.id, name: COACH.name };
  const k2 = { id: COACH_2.id, name: COACH_2.name };
  const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  const specs: Array<Partial<Idea> & Pick<Idea, 'giver'>> = [
    {
      giver: g(giver),
      createdAt: at(1),
      title: 'Rörelsestyrd belysning i gångtunnlar',
      department: 'Tekniska förvaltningen',
      need: 'Mörka TUNNLAR på kvällen',
    },
    {
      giver: g(giver),
      createdAt: at(2),
      title: 'Digitala kulturevenemang',
      department: 'Kultur- och fritidsförvaltningen',
      stage: 'screening',
      coach: k1,
    },
    {
      giver: g(colleague),
      createdAt: at(3),
      title: 'Kortare simskolegrupper',
      department: 'Kultur- och fritidsförvaltningen',
      stage: 'testing',
      coach: k1,
    },
    {
      giver: g(colleague),
      createdAt: at(4),
      title: 'Lånecyklar för hemtjänsten',
      department: 'Socialförvaltningen',
      stage: 'screening',
      coach: k2,
      needsInfo: true,
    },
    {
      giver: g(colleague),
      createdAt: at(5),
      title: 'Bygglovsguide',
      department: 'Stadsbyggnadsförvaltningen',
      stage: 'implementing',
      coach: k2,
    },
    {
      giver: g(colleague),
      createdAt: at(6),
      title: 'Snöröjningskarta',
      department: 'Tekniska förvaltningen',
      idea: 'En karta över plogade gator',
    },
    { giver: g(colleague), createdAt: at(7), title: 'Matsvinn i skolan', department: 'Utbildningsförvaltningen', stage: 'done', coach: k1 },
    {
      giver: g(colleague),
      createdAt: at(8),
      title: 'Språkcafé',
      department: 'Kultur- och fritidsförvaltningen',
      stage: 'closed',
      coach: k1,
    },
    {
      giver: g(colleague),
      createdAt: at(9),
      title: 'Bilpool',
      department: 'Kommunledningskontoret',
      stage: 'screening',
      coach: k1,
      needsInfo: true,
    },
    {
      giver: { ...g(colleague), tenantId: SECOND_TENANT },
      tenantId: SECOND_TENANT,
      createdAt: at(10),
      title: 'Gemensam introduktion',
      department: 'Kommunledningskontoret',
    },
    { giver: g(colleague), createdAt: at(11), title: 'Uteklassrum', department: 'Utbildningsförvaltningen' },
    {
      giver: g(colleague),
      createdAt: at(12),
      title: 'Belysta elljusspår',
      department: 'Tekniska förvaltningen',
      stage: 'testing',
      coach: k2,
    },
  ];
  ideas = [];
  for (const [i, spec] of specs.entries())
    ideas.push(await storeIdea(app, { sluiceId: 'default', tenantId: TENANT, number: i + 1, ...spec }));
});
afterAll(() => app.close());

const titles = (page: { items: readonly IdeaCard[] }): string[] => page.items.map((i) => i.title);
const list = async (query: string, who: Who = coach): Promise<IdeaPage> => {
  const res = await getAs(app, who, `/api/ideas${query}`);
  expect(res.status).toBe(200);
  check('IdeaPage', res.body);
  return res.body as IdeaPage;
};

describe('GET /api/ideas', () => {
  it("lists the sluice's ideas newest first, as cards", async () => {
    const page = await list('');
    expect(page.items).toHaveLength(12);
    expect(page.items[0]).toMatchObject({ title: 'Belysta elljusspår', number: 12, stage: 'testing', coach: { name: COACH_2.name } });
    expect(titles(page).at(-1)).toBe('Rörelsestyrd belysning i gångtunnlar');
    expect(page.continuation).toBeUndefined();
  });

  it('pages with a continuation token, without gaps or repeats, in every sort order', async () => {
    for (const sort of ['newest', 'oldest', 'number', 'stageChanged'] as const) {
      const all = await list(`?sort=${sort}&pageSize=100`);
      const seen: string[] = [];
      let continuation: string | undefined;
      let pages = 0;
      do {
        const page = await list(`?sort=${sort}&pageSize=5${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        continuation = page.continuation;
        pages += 1;
      } while (continuation);
      expect(pages).toBe(3);
      expect(seen).toEqual(all.items.map((i) => i.id));
    }
    expect(titles(await list('?sort=oldest&pageSize=2'))).toEqual(['Rörelsestyrd belysning i gångtunnlar', 'Digitala kulturevenemang']);
  });

  it('refuses a malformed continuation token, and one from another query, with 400', async () => {
    const first = await list('?pageSize=2');
    for (const query of [
      '?continuation=not%20a%20token',
      '?continuation=eyJub3QiOiJvdXJzIn0',
      `?pageSize=2&stage=testing&continuation=${encodeURIComponent(first.continuation!)}`,
      `?pageSize=2&sort=oldest&continuation=${encodeURIComponent(first.continuation!)}`,
    ]) {
      const res = await getAs(app, coach, `/api/ideas${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BadContinuation', problems: [expect.objectContaining({ field: 'continuation' })] });
    }
  });

  it('filters by stage, department, coach, municipality, needsInfo and submission dates', async () => {
    expect(titles(await list('?stage=testing'))).toEqual(['Belysta elljusspår', 'Kortare simskolegrupper']);
    expect(titles(await list('?stage=testing,done'))).toEqual(['Belysta elljusspår', 'Matsvinn i skolan', 'Kortare simskolegrupper']);
    expect(titles(await list('?stage=testing&stage=done'))).toHaveLength(3);
    expect(titles(await list('?department=Socialf%C3%B6rvaltningen'))).toEqual(['Lånecyklar för hemtjänsten']);
    expect(titles(await list(`?coach=${COACH_2.id}`))).toEqual(['Belysta elljusspår', 'Bygglovsguide', 'Lånecyklar för hemtjänsten']);
    expect(titles(await list(`?municipality=${SECOND_TENANT}`))).toEqual(['Gemensam introduktion']);
    expect(titles(await list('?needsInfo=true'))).toEqual(['Bilpool', 'Lånecyklar för hemtjänsten']);
    expect(titles(await list('?needsInfo=false'))).toHaveLength(10);
    expect(titles(await list('?from=2026-03-10&to=2026-03-11'))).toEqual(['Uteklassrum', 'Gemensam introduktion']);
    expect(titles(await list('?from=2026-03-10T09:00:00Z&to=2026-03-11T09:00:00Z'))).toEqual(['Gemensam introduktion']);
    expect(titles(await list('?stage=screening&needsInfo=true&department=Kommunledningskontoret'))).toEqual(['Bilpool']);
  });

  it('searches title, need and idea, case-insensitively, together with filters', async () => {
    expect(titles(await list('?q=belys'))).toEqual(['Belysta elljusspår', 'Rörelsestyrd belysning i gångtunnlar']);
    expect(titles(await list('?q=tunnlar%20p%C3%A5'))).toEqual(['Rörelsestyrd belysning i gångtunnlar']);
    expect(titles(await list('?q=PLOGADE'))).toEqual(['Snöröjningskarta']);
    expect(titles(await list('?q=belys&stage=testing'))).toEqual(['Belysta elljusspår']);
    expect(titles(await list('?q=finns%20inte'))).toEqual([]);
  });

  it('refuses bad parameters with 400, naming each, never with a stack trace', async () => {
    const cases: Array<[string, string]> = [
      ['?stage=waiting', 'stage'],
      ['?pageSize=0', 'pageSize'],
      ['?pageSize=1000', 'pageSize'],
      ['?sort=random', 'sort'],
      ['?from=yesterday', 'from'],
      ['?from=2026-03-10&to=2026-03-01', 'to'],
      ['?needsInfo=maybe', 'needsInfo'],
      ['?municipality=kommunen', 'municipality'],
      [`?q=${'x'.repeat(201)}`, 'q'],
      ['?colour=blue', 'colour'],
      ['?department=a&department=b', 'department'],
    ];
    for (const [query, field] of cases) {
      const res = await getAs(app, coach, `/api/ideas${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      check('ApiError', res.body);
      expect(res.body).toMatchObject({ code: 'BadRequest', problems: expect.arrayContaining([expect.objectContaining({ field })]) });
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+|ZodError/);
    }
  });

  it('gives coaches the actions each card allows, and everyone else none', async () => {
    const asCoach = await list('?pageSize=100');
    const byTitle = new Map(asCoach.items.map((i) => [i.title, i]));
    expect(byTitle.get('Uteklassrum')!.actions).toEqual(['take', 'decline', 'askInfo', 'reassign']);
    expect(byTitle.get('Språkcafé')!.actions).toEqual(['reopen']);
    expect(byTitle.get('Bilpool')!.actions).toEqual(['advance', 'decline', 'reassign']);
    const asGiver = await list('?pageSize=100', giver);
    expect(asGiver.items.every((i) => i.actions.length === 0)).toBe(true);
  });
});

describe('GET /api/board and /api/counts', () => {
  it('returns counts for the header and the first page of every column', async () => {
    const res = await getAs(app, giver, '/api/board?perStage=2');
    expect(res.status).toBe(200);
    check('BoardResponse', res.body);
    const board = res.body as BoardResponse;
    expect(board.counts).toEqual({ submitted: 4, screening: 3, testing: 2, implementing: 1, done: 1, closed: 1 });
    expect(board.total).toBe(12);
    expect(Object.keys(board.columns)).toEqual([...STAGES]);
    expect(titles(board.columns.submitted)).toEqual(['Uteklassrum', 'Gemensam introduktion']);
    expect(board.columns.submitted.continuation).toBeDefined();
    expect(board.columns.closed.continuation).toBeUndefined();
    // A column's continuation is the next page of that column through /api/ideas.
    const next = await list(`?stage=submitted&pageSize=2&continuation=${encodeURIComponent(board.columns.submitted.continuation!)}`);
    expect(titles(next)).toEqual(['Snöröjningskarta', 'Rörelsestyrd belysning i gångtunnlar']);
  });

  it('applies filters and search to counts and columns', async () => {
    const board = (await getAs(app, coach, '/api/board?q=belys')).body as BoardResponse;
    expect(board.counts).toEqual({ submitted: 1, screening: 0, testing: 1, implementing: 0, done: 0, closed: 0 });
    const staged = (await getAs(app, coach, '/api/board?stage=testing')).body as BoardResponse;
    expect(staged.total).toBe(2);
    expect(staged.columns.submitted.items).toEqual([]);
    const counts = await getAs(app, coach, '/api/counts?department=Tekniska%20f%C3%B6rvaltningen');
    expect(counts.status).toBe(200);
    check('CountsResponse', counts.body);
    expect(counts.body).toEqual({ counts: { submitted: 2, screening: 0, testing: 1, implementing: 0, done: 0, closed: 0 }, total: 3 });
  });
});

describe('GET /api/ideas/mine', () => {
  it("lists only the caller's own ideas", async () => {
    const res = await getAs(app, giver, '/api/ideas/mine');
    expect(res.status).toBe(200);
    check('IdeaPage', res.body);
    expect(titles(res.body as IdeaPage)).toEqual(['Digitala kulturevenemang', 'Rörelsestyrd belysning i gångtunnlar']);
    expect(titles((await getAs(app, coach, '/api/ideas/mine')).body as IdeaPage)).toEqual([]);
  });
});

describe('GET /api/ideas/{id}', () => {
  it('returns the idea with its full history, satisfaction and etag', async () => {
    const stored = ideas[1]!;
    const sat = { rating: 5, comment: 'Jag blev lyssnad på', at: '2026-03-20T10:00:00.000Z', stage: 'screening' as const };
    const current = (await app.storage.ideas.get('default', stored.id))!;
    await app.storage.ideas.replace(
      {
        ...current.value,
        satisfaction: [sat],
        history: [
          ...current.value.history,
          {
            id: 'h-taken',
            kind: 'taken',
            at: '2026-03-03T09:00:00.000Z',
            actor: { id: COACH.id, name: COACH.name },
            from: 'submitted',
            to: 'screening',
          },
        ],
      },
      current.etag,
    );
    const res = await getAs(app, coach, `/api/ideas/${stored.id}`);
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const idea = (res.body as { idea: IdeaDetail }).idea;
    expect(idea).toMatchObject({ id: stored.id, title: stored.title, need: stored.need, idea: stored.idea, satisfaction: [sat] });
    expect(idea.history.map((h) => h.kind)).toEqual(['submitted', 'taken']);
    expect(idea.actions).toEqual(['advance', 'decline', 'askInfo', 'reassign']);
    expect(res.headers.get('etag')).toBe(idea.etag);
    expect(JSON.stringify(idea)).not.toContain('locale');
    // "Kopiera länk": the cards' link, here (no Teams app id) the tab's own address at the idea.
    expect(idea.link).toBe(`${app.url}/tab/index.html#/mine?idea=${stored.id}`);
    const asGiver = (await getAs(app, giver, `/api/ideas/${stored.id}`)).body as { idea: IdeaDetail };
    expect(asGiver.idea.actions).toEqual([]);
  });

  it('answers an unknown idea with 404 and a bad id with 400', async () => {
    const missing = await getAs(app, coach, '/api/ideas/00000000-0000-4000-a000-999999999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NotFound' });
    const bad = await getAs(app, coach, `/api/ideas/${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(400);
  });

  // `.` in a Cosmos document URL names the whole container: an id must never get that far.
  it.each(['a.b', '.x', '-x', ':', 'a/b', 'ä'])('refuses the id %j with a 400 naming the field before anything is read', async (id) => {
    const ideaGet = jest.spyOn(app.storage.ideas, 'get');
    const token = await tokenFor(app, coach);
    try {
      const path = encodeURIComponent(id);
      for (const res of [
        await app.get(`/api/ideas/${path}`, bearer(token)),
        await app.get(`/api/ideas/${path}/similar`, bearer(token)),
        await app.post(`/api/ideas/${path}/actions`, { type: 'take' }, { ...bearer(token), 'if-match': '"x"' }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'BadRequest',
          problems: [{ field: 'id', message: expect.stringContaining('an idea id') }],
        });
      }
      expect(ideaGet).not.toHaveBeenCalled();
    } finally {
      ideaGet.mockRestore();
    }
  });

  // Dot segments are resolved by the router, and a path parameter over 100 characters matches no
  // route: either way a 4xx with a message, and the id never reaches a route or Cosmos.
  it.each(['.', '..', 'x'.repeat(129)])('never hands %j to a route as an id', async (id) => {
    const ideaGet = jest.spyOn(app.storage.ideas, 'get');
    const token = await tokenFor(app, coach);
    try {
      for (const res of [
        await app.get(`/api/ideas/${id.replace(/\./g, '%2E')}`, bearer(token)),
        await app.post(`/api/ideas/${id.replace(/\./g, '%2E')}/actions`, { type: 'take' }, { ...bearer(token), 'if-match': '"x"' }),
      ]) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }
      expect(ideaGet.mock.calls.some(([, ideaId]) => ideaId === id || !/^[A-Za-z0-9]/.test(ideaId))).toBe(false);
    } finally {
      ideaGet.mockRestore();
    }
  });

  it('refuses a coach filter or a reassign to something that is not an Entra id', async () => {
    expect((await getAs(app, coach, `/api/ideas?coach=${encodeURIComponent('..')}`)).status).toBe(400);
    const stored = ideas[0]!;
    const current = (await app.storage.ideas.get('default', stored.id))!;
    const res = await app.post(
      `/api/ideas/${stored.id}/actions`,
      { type: 'reassign', coachId: '../x' },
      { ...bearer(await tokenFor(app, coach)), 'if-match': current.etag },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('must be an Entra id');
  });
});

describe('GET /api/config', () => {
  it("describes the caller's sluice for the tab", async () => {
    const res = await getAs(app, giver, '/api/config');
    expect(res.status).toBe(200);
    check('TabConfig', res.body);
    const config = res.body as TabConfig;
    expect(config).toMatchObject({
      sluice: { id: 'default', name: 'Idéslussen Testkommun' },
      stages: [...STAGES],
      municipalities: [
        { tenantId: TENANT, name: 'Testkommun' },
        { tenantId: SECOND_TENANT, name: 'Grannkommun' },
      ],
      caller: { id: GIVER.id, name: GIVER.name, isCoach: false },
    });
    expect(config.stageLabels.sv.screening).toBe('Idésamtal');
    expect(config.stageLabels.en.screening).toBe('First talk');
    // The sluice lists coaches by id; their names come from the ideas they coach.
    expect(config.coaches).toEqual([
      { id: COACH.id, name: COACH.name },
      { id: COACH_2.id, name: COACH_2.name },
    ]);
  });
});

describe('the OpenAPI document', () => {
  it('documents every parameter the server accepts, from the schemas that check them', async () => {
    const doc = (await app.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    const query = (path: string) =>
      (doc.paths[path]!['get']!.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    expect(query('/api/counts')).toEqual(Object.keys(filterShape).sort());
    expect(query('/api/ideas')).toEqual(Object.keys(listQuery.shape).sort());
    expect(query('/api/board')).toEqual(Object.keys(boardQuery.shape).sort());
  });

  it('lists every route with its responses', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/config',
        '/api/board',
        '/api/counts',
        '/api/ideas',
        '/api/ideas/mine',
        '/api/ideas/{id}',
        '/api/ideas/{id}/actions',
      ]),
    );
    expect(Object.keys(doc.paths['/api/ideas/{id}/actions']!['post']!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '428']),
    );
  });
});
