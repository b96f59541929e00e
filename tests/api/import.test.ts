import type { AdminErrorBody, AuditPageBody, ImportResponseBody } from '../../bot/src/api/admin-schemas';
import type { CountsResponse, IdeaPage, IdeaResponse } from '../../bot/src/api/contracts';
import type { SimilarIdeasResponse } from '../../bot/src/api/similar-contracts';
import type { StatsResponse } from '../../bot/src/api/stats-contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { nextReminderDueMs } from '../../bot/src/domain/reminders/policy';
import { LIMITED_STAGES } from '../../bot/src/domain/reminders/settings';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, TENANT } from '../../bot/src/local/activities';
import { bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const coach: Who = { ...COACH, tenantId: TENANT };
const HEADER = 'title;need;idea;department;municipality;giverName;giverEmail;submittedAt;stage';

let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  // No refresh from storage: an imported idea can reach the similar-idea index only by being handed to it.
  app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id, DEFAULT_SLUICE_NAME: 'Testkommun', SIMILAR_REFRESH_MS: '0' });
  check = await schemaChecker(app);
  // The sluice knows its departments, so "socialförvaltn." in a file lands on the right one.
  const sluice = (await app.storage.sluices.get('default'))!;
  await app.storage.sluices.replace(
    { ...sluice.value, departments: ['Socialförvaltningen', 'Tekniska förvaltningen'], municipalities: { [TENANT]: 'Testkommun' } },
    sluice.etag,
  );
});
afterAll(async () => {
  await app.close();
});

async function upload(body: string | Uint8Array, options: { dryRun?: boolean; who?: Who; type?: string; query?: string } = {}) {
  const who = options.who ?? ADMIN;
  const query = options.query ?? `?dryRun=${options.dryRun ? 'true' : 'false'}`;
  const res = await fetch(`${app.url}/api/admin/import${query}`, {
    method: 'POST',
    headers: { ...bearer(await tokenFor(app, who)), 'content-type': options.type ?? 'text/csv; charset=utf-8' },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown };
}

async function total(): Promise<number> {
  return ((await getAs(app, coach, '/api/counts')).body as CountsResponse).total;
}

/** n rows of a Swedish Excel export: `;`, BOM, quoted fields with `;` and line breaks inside. */
function excelFile(n: number, prefix = 'Idé'): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const stage = ['', 'Inkommen', 'testing', 'Införd', 'Avslutad'][i % 5];
    return [
      `${prefix} ${i + 1}: bättre skyltning`,
      `"Besökare hittar inte; de frågar ""var är entrén?""\nvarje dag"`,
      'Skyltar vid parkeringen',
      i % 2 === 0 ? 'socialförvaltn.' : 'Tekniska förvaltningen',
      i % 3 === 0 ? 'Testkommun' : '',
      `Person ${i % 7}`,
      i % 4 === 0 ? `person${i % 7}@kommun.example` : '',
      i % 2 === 0 ? `2024-0${1 + (i % 9)}-1${i % 10}` : '',
      stage,
    ].join(';');
  });
  return `\ufeff${HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

describe('importing existing ideas', () => {
  it('shows a preview first and stores nothing; then imports 50 ideas that the board shows, without notifications', async () => {
    const file = excelFile(50);
    const preview = await upload(file, { dryRun: true });
    expect(preview.status).toBe(200);
    check('ImportResponse', preview.body);
    expect(preview.body).toMatchObject({ dryRun: true, total: 50, valid: 50, new: 50, existing: 0, created: 0, problems: [] });
    expect((preview.body as ImportResponseBody).sample[0]).toMatchObject({ row: 2, department: 'Socialförvaltningen', status: 'new' });
    expect(await total()).toBe(0);

    const done = await upload(file);
    expect(done.status).toBe(200);
    check('ImportResponse', done.body);
    expect(done.body).toMatchObject({ dryRun: false, created: 50 });
    expect(await total()).toBe(50);

    const page = (await getAs(app, coach, '/api/ideas?pageSize=100')).body as IdeaPage;
    const card = page.items.find((i) => i.title === 'Idé 13: bättre skyltning');
    const one = ((await getAs(app, coach, `/api/ideas/${card!.id}`)).body as IdeaResponse).idea;
    expect(one).toMatchObject({
      stage: 'testing',
      department: 'Socialförvaltningen',
      source: 'import',
      tenantId: TENANT,
      giver: { name: 'Person 5' },
      createdAt: '2024-04-12T12:00:00.000Z',
    });
    expect(one.need).toBe('Besökare hittar inte; de frågar "var är entrén?"\nvarje dag');
    // A record of the year it was received: the file's submittedAt, or the import day without one.
    expect(one.record).toMatchObject({ reference: expect.stringMatching(/^IDÉ 2024\/\d+$/), receivedOn: '2024-04-12' });
    expect(one.record?.authority).toEqual({ tenantId: TENANT, name: 'Testkommun' });
    expect(one.history).toEqual([expect.objectContaining({ kind: 'imported', actor: { id: ADMIN.id, name: ADMIN.name }, to: 'testing' })]);

    // Due for reminders like submitted ideas (the wait starts with the import); done and closed are not.
    const stored = await app.storage.containers.ideas.items.query<Idea>({ query: "SELECT * FROM c WHERE c.source = 'import'" }).fetchAll();
    const sluice = (await app.storage.sluices.get('default'))!.value;
    expect(stored.resources).toHaveLength(50);
    // Each year's series gets consecutive serials from 1, one per imported idea of that year.
    for (const year of ['2024', String(new Date().getUTCFullYear())]) {
      const serials = stored.resources.filter((i) => i.record?.year === Number(year)).map((i) => i.record!.serial);
      expect(serials.sort((a, b) => a - b)).toEqual(serials.map((_, k) => k + 1));
    }
    expect(stored.resources.filter((i) => i.record?.year === 2024)).toHaveLength(25);
    for (const idea of stored.resources) {
      const limited = (LIMITED_STAGES as readonly string[]).includes(idea.stage);
      expect([idea.stage, idea.reminderDueAtMs !== undefined]).toEqual([idea.stage, limited]);
      if (limited) expect(idea.reminderDueAtMs).toBe(nextReminderDueMs(idea, sluice));
    }

    // Imported ideas are not news: no job for any of them in the notification outbox.
    const { resources } = await app.storage.containers.outbox.items.query("SELECT VALUE COUNT(1) FROM c WHERE c.type = 'job'").fetchAll();
    expect(resources[0]).toBe(0);

    const audit = ((await getAs(app, ADMIN, '/api/admin/audit')).body as AuditPageBody).items[0];
    expect(audit).toMatchObject({ action: 'ideas.imported', import: { rows: 50, created: 50, existing: 0 } });
  });

  it('creates nothing new when the same file is imported again', async () => {
    const again = await upload(excelFile(50));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, new: 0, existing: 50 });
    expect(await total()).toBe(50);
  });

  it('reads "," without a BOM too, with the municipality defaulting to the importer’s', async () => {
    const file = 'Title,Need,Idea,Department,GiverName\nLånecyklar,Långa avstånd,Cyklar till hemtjänsten,Socialförvaltningen,Åsa Öberg\n';
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, sample: [expect.objectContaining({ tenantId: TENANT, stage: 'submitted' })] });
    expect(await total()).toBe(51);
  });

  it('makes imported ideas similar-idea suggestions at once', async () => {
    const file =
      'title;need;idea;department;giverName\nVärmestugor vid skidspåren;Skidåkare fryser vid långa spår;Bygg värmestugor vid elljusspåren;Tekniska förvaltningen;Åsa Öberg\n';
    expect((await upload(file)).body).toMatchObject({ created: 1 });
    await app.services.similar.whenBuilt();
    const res = await app.post(
      '/api/ideas/similar',
      { title: 'Värmestuga vid elljusspåret', need: 'Skidåkare fryser' },
      bearer(await tokenFor(app, coach)),
    );
    expect(res.status).toBe(200);
    expect((res.body as SimilarIdeasResponse).items.map((i) => i.title)).toEqual(['Värmestugor vid skidspåren']);
  });
});

describe('bad input gets a clear answer naming the row and field, and nothing is half-stored', () => {
  const good = (title: string) => `${title};Behov;Idé;Socialförvaltningen;;Anna;;;`;
  it.each([
    ['a file that is not CSV', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), { code: 'notCsv' }, /not a CSV/],
    ['text that is not UTF-8', Buffer.from('title;need\n\xe5\xe4\xf6;x\n', 'latin1'), { code: 'notCsv' }, /UTF-8/],
    ['an unclosed quote', `${HEADER}\n"Trasig;Behov;Idé;Soc;;Anna;;;\n`, { code: 'notCsv' }, /not a CSV/],
    [
      'a missing title column',
      'need;idea;department;giverName\nB;I;Soc;Anna\n',
      { code: 'missingColumn', field: 'title' },
      /"title" column/,
    ],
    [
      'a row with a 10 000-character field',
      `${HEADER}\n${good('Först')}\n${good('x'.repeat(10_000))}\n`,
      { code: 'tooLong', row: 3, field: 'title', limit: 120 },
      /row 3, title: must be at most 120/,
    ],
    [
      'an unknown municipality',
      `${HEADER}\n${good('Först')}\nAndra;Behov;Idé;Soc;Okänd kommun;Anna;;;\n`,
      { code: 'unknownMunicipality', row: 3, field: 'municipality' },
      /row 3, municipality: "Okänd kommun"/,
    ],
    [
      'an unknown stage',
      `${HEADER}\nAndra;Behov;Idé;Soc;;Anna;;;Kanske\n`,
      { code: 'unknownStage', row: 2, field: 'stage' },
      /row 2, stage/,
    ],
    [
      'a date in the future',
      `${HEADER}\nAndra;Behov;Idé;Soc;;Anna;;2999-01-01;\n`,
      { code: 'badDate', row: 2, field: 'submittedAt' },
      /row 2, submittedAt/,
    ],
    [
      'an empty required field',
      `${HEADER}\nAndra;;Idé;Soc;;Anna;;;\n`,
      { code: 'required', row: 2, field: 'need' },
      /row 2, need: is empty/,
    ],
  ])('refuses %s', async (_what, file, problem, message) => {
    const before = await total();
    for (const dryRun of [true, false]) {
      const res = await upload(file, { dryRun });
      if (dryRun) {
        expect(res.status).toBe(200);
        expect((res.body as ImportResponseBody).problems).toContainEqual(expect.objectContaining(problem));
      } else {
        expect(res.status).toBe(400);
        check('AdminError', res.body);
        const body = res.body as AdminErrorBody;
        expect(body.message).toMatch(/^Nothing was imported/);
        expect(body.message).toMatch(message);
        expect(body.problems).toContainEqual(expect.objectContaining(problem));
      }
    }
    expect(await total()).toBe(before);
  });

  it('refuses a file over the size limit with 413, saying what the limit is', async () => {
    const big = `${HEADER}\n${'x'.repeat(8 * 1024 * 1024)}\n`;
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect((res.body as AdminErrorBody).message).toMatch(/larger than 8 MiB/);
  });

  it('wants text/csv, an admin, and the caller’s own sluice', async () => {
    expect((await upload(excelFile(1), { type: 'application/json' })).status).toBe(415);
    expect((await upload(excelFile(1), { who: coach })).status).toBe(403);
    expect((await upload(excelFile(1), { query: '?sluice=grannslussen' })).status).toBe(403);
  });
});

describe('imported ideas in the statistics', () => {
  const stats = async (query: string): Promise<StatsResponse> => {
    const res = await getAs(app, coach, `/api/stats?${query}`);
    expect(res.status).toBe(200);
    return res.body as StatsResponse;
  };

  it('counts them as handed in in the month of their submittedAt, and in their stage from the import', async () => {
    const thisMonth = await stats('period=month');
    const file = [
      HEADER,
      'Statistik 1;Ett behov;En idé;Tekniska förvaltningen;;Person A;;2023-04-03;',
      'Statistik 2;Ett behov;En idé;Tekniska förvaltningen;;Person B;;2023-04-12 14:30;testing',
      'Statistik 3;Ett behov;En idé;Socialförvaltningen;;Person C;;2023-04-28;Införd',
      'Statistik 4;Ett behov;En idé;Socialförvaltningen;;Person D;;;Testas',
    ].join('\n');
    const done = await upload(file);
    expect(done.body).toMatchObject({ created: 4, problems: [] });

    const april = await stats('period=custom&from=2023-04&to=2023-04');
    expect(april.funnel.submitted.value).toBe(3);
    expect(april.funnel.testing.value).toBe(0);
    expect(april.details!.departments.map((d) => [d.department, d.funnel.submitted.value])).toEqual([
      ['Tekniska förvaltningen', 2],
      ['Socialförvaltningen', 1],
    ]);
    // The one without a date was handed in at the import; the stages were reached at the import.
    const after = await stats('period=month');
    expect(after.funnel.submitted.value - thisMonth.funnel.submitted.value).toBe(1);
    expect(after.funnel.testing.value - thisMonth.funnel.testing.value).toBe(2);
    expect(after.funnel.done.value - thisMonth.funnel.done.value).toBe(1);
    expect(after.now.testing - thisMonth.now.testing).toBe(2);
    expect(after.now.done - thisMonth.now.done).toBe(1);
    expect(after.outcomes.implementedIdeas.map((i) => i.title)).toContain('Statistik 3');

    // The kept figures are what a recount from the histories gives.
    await app.services.stats.rebuild('default');
    expect(await stats('period=custom&from=2023-04&to=2023-04')).toEqual(april);
    expect(await stats('period=month')).toEqual(after);
  });
});

describe('a large file', () => {
  it('imports 10 000 rows', async () => {
    const before = await total();
    const res = await upload(excelFile(10_000, 'Stor'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 10_000, created: 10_000, problems: [] });
    expect(await total()).toBe(before + 10_000);
  }, 300_000);
});

describe('npm run import', () => {
  it('previews, then imports through the running server, and says what it did', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'import-')), 'ideer.csv');
    writeFileSync(file, excelFile(3, 'Skript'));
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(
          process.execPath,
          ['scripts/import-ideas.mjs', '--url', app.url, ...args],
          { env: { ...process.env, IDESLUSSEN_TOKEN: token } },
          (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
        );
      });
    const token = await tokenFor(app, ADMIN);
    const before = await total();
    const dry = await run(['--dry-run', file]);
    expect(dry).toMatchObject({ code: 0, out: expect.stringContaining('3 rows, 3 fine, 3 new') });
    expect(await total()).toBe(before);
    expect(await run(['--sluice', 'default', file])).toMatchObject({ code: 0, out: expect.stringContaining('Imported 3 new ideas') });
    expect(await total()).toBe(before + 3);
    writeFileSync(file, 'need;idea\nx;y\n');
    expect(await run([file])).toMatchObject({ code: 1, out: expect.stringContaining('the header row has no "title" column') });
  });
});
