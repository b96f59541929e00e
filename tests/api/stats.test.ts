import { parse } from 'csv-parse/sync';
import type { StatsResponse } from '../../bot/src/api/stats-contracts';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const OTHER_TENANT = '88888888-8888-4888-8888-888888888888';
const outsider: Who = { id: '99999999-0000-4000-8000-000000000009', tenantId: OTHER_TENANT, name: 'Utomstående' };

let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  app = await startTestApp({ STATS_SWEEP_MS: '0' });
  check = await schemaChecker(app);
  const g = { ...giver, locale: 'sv' as const };
  // Ideas stored straight in the database, then counted the way `npm run stats:rebuild` does.
  const at = (d: string) => `${d}T09:00:00.000Z`;
  const who = { id: coach.id, name: coach.name };
  await storeIdea(app, {
    sluiceId: 'default',
    tenantId: TENANT,
    giver: g,
    title: '=HYPERLINK("x") Tryggare tunnlar',
    need: 'Mörkt; farligt\noch kallt',
    stage: 'done',
    coach: who,
    createdAt: at('2026-03-02'),
    history: [
      { id: 'a1', kind: 'submitted', at: at('2026-03-02'), actor: { id: giver.id, name: giver.name }, to: 'submitted' },
      { id: 'a2', kind: 'taken', at: at('2026-03-04'), actor: who, from: 'submitted', to: 'screening' },
      { id: 'a3', kind: 'advanced', at: at('2026-03-10'), actor: who, from: 'screening', to: 'testing' },
      { id: 'a4', kind: 'rated', at: at('2026-03-11'), actor: { id: giver.id, name: giver.name }, rating: 5 },
      { id: 'a5', kind: 'advanced', at: at('2026-03-20'), actor: who, from: 'testing', to: 'implementing' },
      {
        id: 'a6',
        kind: 'advanced',
        at: at('2026-03-25'),
        actor: who,
        from: 'implementing',
        to: 'done',
        effects: [{ forWhom: 'Gående', change: 'Tryggare kvällar', amount: 1.5, unit: 'kronor per år' }],
      },
    ],
    satisfaction: [{ rating: 5, at: at('2026-03-11'), stage: 'testing' }],
  });
  await storeIdea(app, { sluiceId: 'default', tenantId: TENANT, giver: g, createdAt: at('2026-02-10'), department: 'Skolförvaltningen' });
  await app.services.stats.rebuild('default');
});
afterAll(async () => {
  await app.close();
});

const q = '/api/stats?period=custom&from=2026-03&to=2026-03';

describe('GET /api/stats (getStats)', () => {
  it('gives a coach every figure of the period against the previous one, matching the OpenAPI schema', async () => {
    const res = await getAs(app, coach, q);
    expect(res.status).toBe(200);
    check('StatsResponse', res.body);
    const body = res.body as StatsResponse;
    expect(body.scope).toBe('full');
    expect(body.period).toEqual({ from: '2026-03', to: '2026-03', firstDay: '2026-03-01', lastDay: '2026-03-31', months: 1 });
    expect(body.funnel.submitted).toEqual({ value: 1, previous: 1 });
    expect(body.funnel.done).toEqual({ value: 1, previous: 0 });
    expect(body.now).toMatchObject({ done: 1, submitted: 1 });
    expect(body.details!.firstTalk).toMatchObject({ median: 2, count: 1, withinLimit: 1, share: 1 });
    expect(body.details!.satisfaction.byCoach).toEqual([{ coachId: coach.id, mean: 5, count: 1 }]);
    expect(body.outcomes.implementedIdeas[0]!.effects[0]).toEqual({
      forWhom: 'Gående',
      change: 'Tryggare kvällar',
      amount: 1.5,
      unit: 'kronor per år',
    });
  });

  it('gives a giver the public summary without names, and 403 for the coach-only figures', async () => {
    const res = await getAs(app, giver, q);
    expect(res.status).toBe(200);
    check('StatsResponse', res.body);
    const body = res.body as StatsResponse;
    expect(body.scope).toBe('public');
    expect(body.details).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(giver.name);
    expect(JSON.stringify(body)).not.toContain(coach.name);
    const full = await getAs(app, giver, `${q}&scope=full`);
    expect(full.status).toBe(403);
  });

  it('counts per 1 000 employees once an admin has set a municipality’s employees through updateSluice, refusing a wrong number', async () => {
    const auth = bearer(await tokenFor(app, coach));
    const before = (await getAs(app, coach, q)).body as StatsResponse;
    expect(before.details!.municipalities[0]).not.toHaveProperty('per1000');
    const seen = (await app.get('/api/admin/sluice', auth)).body as { settings: { municipalities: { tenantId: string }[] }; etag: string };
    const put = (municipalities: unknown[], etag: string) =>
      fetch(`${app.url}/api/admin/sluice`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify({ ...seen.settings, municipalities }),
      });
    const wrong = await put([{ ...seen.settings.municipalities[0], employees: -5 }], seen.etag);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('"field":"municipalities"');
    const saved = await put([{ ...seen.settings.municipalities[0], employees: 4000 }], seen.etag);
    expect(saved.status).toBe(200);
    const after = (await getAs(app, coach, q)).body as StatsResponse;
    // One idea handed in and one implemented in March, among 4 000 employees.
    expect(after.details!.municipalities.find((m) => m.tenantId === TENANT)).toMatchObject({
      employees: 4000,
      per1000: { submitted: 0.25, implemented: 0.25 },
    });
  });

  it('filters by department and municipality as recorded at submission', async () => {
    const res = await getAs(app, coach, '/api/stats?period=custom&from=2026-02&to=2026-03&department=Skolf%C3%B6rvaltningen');
    expect((res.body as StatsResponse).funnel.submitted.value).toBe(1);
    const other = await getAs(app, coach, `${q}&municipality=${OTHER_TENANT}`);
    expect(other.status).toBe(400);
    expect(JSON.stringify(other.body)).toContain('municipality');
  });

  it.each([
    ['from after to', '/api/stats?period=custom&from=2026-05&to=2026-04', 'from'],
    ['longer than ten years', '/api/stats?period=custom&from=2010-01&to=2026-04', 'to'],
    ['an unknown filter', '/api/stats?period=month&coachName=x', 'coachName'],
    ['a bad month', '/api/stats?period=custom&from=2026-13&to=2026-12', 'from'],
    ['an unknown period', '/api/stats?period=week', 'period'],
    ['dates without a custom period', '/api/stats?period=year&from=2026-01', 'from'],
  ])('answers 400 naming the field for %s', async (_what, path, field) => {
    const res = await getAs(app, coach, path);
    expect(res.status).toBe(400);
    const body = res.body as { problems: { field: string }[]; message: string };
    expect(body.problems.map((p) => p.field)).toContain(field);
  });

  it('answers 401 without a token and 403 outside any sluice', async () => {
    expect((await app.get(q)).status).toBe(401);
    expect((await getAs(app, outsider, q)).status).toBe(403);
  });
});

describe('GET /api/stats/export.csv (exportIdeasCsv)', () => {
  it('gives a coach a CSV for Swedish Excel: BOM, semicolons, ISO dates, decimal comma, formulas defused — and logs who and when', async () => {
    const res = await fetch(`${app.url}/api/stats/export.csv?period=custom&from=2026-03&to=2026-03`, {
      headers: bearer(await tokenFor(app, coach)),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('ideer-2026-03-2026-03.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows = parse(text, { delimiter: ';', bom: true }) as string[][];
    const [header, row] = rows;
    expect(header!.slice(0, 4)).toEqual(['Nummer', 'Titel', 'Behov', 'Idé']);
    expect(rows).toHaveLength(2);
    const col = (name: string) => row![header!.indexOf(name)];
    expect(col('Titel')).toBe(`'=HYPERLINK("x") Tryggare tunnlar`);
    expect(col('Behov')).toBe('Mörkt; farligt\noch kallt');
    expect(col('Steg')).toBe('Införd');
    expect(col('Införd (datum)')).toBe('2026-03-25');
    expect(col('Inkommen (arbetsdagar)')).toBe('2');
    expect(col('Nöjdhet (1–5)')).toBe('5');
    expect(col('Effekter')).toBe('Gående: Tryggare kvällar (1,5 kronor per år)');

    const log = await getAs(app, coach, '/api/stats/exports');
    expect(log.status).toBe(200);
    check('ExportLog', log.body);
    const entries = (log.body as { exports: { by: { id: string }; rows: number; at: string }[] }).exports;
    expect(entries[0]).toMatchObject({ by: { id: coach.id }, rows: 1, period: { from: '2026-03', to: '2026-03' } });
    expect(Date.now() - Date.parse(entries[0]!.at)).toBeLessThan(60 * 60_000);
  });

  it('refuses givers (403) and bad periods (400)', async () => {
    expect((await getAs(app, giver, '/api/stats/export.csv?period=month')).status).toBe(403);
    expect((await getAs(app, giver, '/api/stats/exports')).status).toBe(403);
    expect((await getAs(app, coach, '/api/stats/export.csv?period=custom&from=2026-05&to=2026-01')).status).toBe(400);
  });

  it('names both operations in the OpenAPI document', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/api/stats']!.get!.operationId).toBe('getStats');
    expect(doc.paths['/api/stats/export.csv']!.get!.operationId).toBe('exportIdeasCsv');
  });
});
