import type { Page } from 'playwright-core';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin of `npm start` (.m365agentsplayground.yml). */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';
const NEW_COACH = '7d3c1a52-9b1e-4f0a-8c55-2b6f0e3a9d41';
/** Åsa Öberg, the sluice's registrator here. */
const REGISTRATOR_OID = '00000000-0000-0000-0000-0000000000e5';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({
    env: {
      DEFAULT_ADMIN_IDS: ADMIN_OID,
      DEFAULT_REGISTRATOR_IDS: REGISTRATOR_OID,
      ONBOARDING_CONTACT: 'Lars Nilsson, idesluss@kommun.example',
    },
  }));
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const admin = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );
const coach = () => persona(tenant, tenant.coach, 'coach');
const employee = () => persona(tenant, tenant.people[0]!, 'employee');
const registrator = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === REGISTRATOR_OID)!,
    'registrator',
  );

/** Opens the tab at `hash`, recording every path the page asks the server for and every console error. */
async function openRecording(hash: string, who: ReturnType<typeof admin>): Promise<{ page: Page; asked: string[]; errors: string[] }> {
  const asked: string[] = [];
  const errors: string[] = [];
  const page = await browser.open(hash, {
    as: who,
    beforeLoad: async (p) => {
      p.on('request', (r) => asked.push(new URL(r.url()).pathname));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    },
  });
  return { page, asked, errors };
}

async function token(who: ReturnType<typeof admin>): Promise<string> {
  const res = await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name });
  return (res.body as { token: string }).token;
}

async function settingsNow(): Promise<SluiceSettingsResponse> {
  const res = await app.get('/api/admin/sluice', { authorization: `Bearer ${await token(admin())}` });
  expect(res.status).toBe(200);
  return res.body as SluiceSettingsResponse;
}

async function openAdmin(query = ''): Promise<Page> {
  const page = await browser.open('#/admin', { as: admin(), query });
  await page.getByRole('heading', { level: 2, name: /Inställningar|Settings/ }).waitFor();
  return page;
}

/** A CSV of `n` ideas, as a municipality's old Excel list would be saved (semicolons, BOM). */
function ideasCsv(n: number, prefix: string): Buffer {
  const rows = ['title;need;idea;department;giverName;submittedAt'];
  for (let i = 1; i <= n; i++)
    rows.push(
      `${prefix} ${i};"Behov nummer ${i}; beskrivet i gamla listan";Idé nummer ${i} från Excel;Kultur- och fritidsförvaltningen;Person ${i};2025-0${(i % 9) + 1}-15`,
    );
  return Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
}

describe('the Administration view', () => {
  it('is offered only to admins: coaches and employees see no nav item, and the API refuses them', async () => {
    const page = await browser.open('#/board', { as: admin() });
    await page.getByRole('link', { name: 'Administration' }).waitFor();
    await page.close();
    for (const who of [coach(), employee()]) {
      const other = await browser.open('#/board', { as: who });
      await other.getByRole('heading', { name: /Idéer i/ }).waitFor();
      expect(await other.getByRole('link', { name: 'Administration' }).count()).toBe(0);
      await other.close();
      const res = await app.get('/api/admin/sluice', { authorization: `Bearer ${await token(who)}` });
      expect(res.status).toBe(403);
    }
    // Typing the address gives the employee a plain refusal, not the settings.
    const typed = await browser.open('#/admin', { as: employee() });
    await typed.getByText('Bara administratörer av slussen kan se administrationen.').waitFor();
    expect(await typed.getByRole('heading', { name: 'Inställningar' }).count()).toBe(0);
    await typed.close();
  });

  it('asks nothing of the admin API for someone who is not an admin, and tells them plainly', async () => {
    // A coach (no admin here) in Statistik sees what a coach sees, and the tab asks for no admin settings.
    const stats = await openRecording('#/stats', coach());
    await stats.page.getByRole('heading', { level: 2, name: /rapport för/ }).waitFor();
    await stats.page.getByRole('heading', { name: 'Idégivarnas nöjdhet' }).waitFor();
    await stats.page.getByRole('button', { name: 'Exportera idéer (CSV)' }).waitFor();
    await stats.page.getByRole('heading', { name: 'Per förvaltning' }).waitFor();
    expect(stats.asked).toContain('/api/stats');
    expect(stats.asked.filter((p) => p.startsWith('/api/admin/'))).toEqual([]);
    expect(stats.errors).toEqual([]);
    await stats.page.close();
    // Administration by its address: the refusal, with no request the server would refuse and no error.
    for (const who of [coach(), registrator(), employee()]) {
      const typed = await openRecording('#/admin', who);
      await typed.page.getByText('Bara administratörer av slussen kan se administrationen.').waitFor();
      await typed.page.waitForLoadState('networkidle');
      expect(typed.asked).toContain('/api/config');
      expect(typed.asked.filter((p) => p.startsWith('/api/admin/'))).toEqual([]);
      expect(typed.errors).toEqual([]);
      expect(await typed.page.getByRole('heading', { name: 'Inställningar' }).count()).toBe(0);
      await typed.page.close();
    }
    // The admin's view still asks for the settings, and shows them.
    const own = await openRecording('#/admin', admin());
    await own.page.getByRole('heading', { level: 2, name: 'Inställningar' }).waitFor();
    expect(own.asked).toContain('/api/admin/sluice');
    await own.page.close();
  });

  it('walks through the issue: add a coach and a department, import 50 ideas, see them on the board', async () => {
    const page = await openAdmin();
    await page.getByText('Lars Nilsson, idesluss@kommun.example').waitFor();

    await page.getByRole('button', { name: 'Lägg till idécoach' }).click();
    const coachRow = page.getByRole('group', { name: 'Idécoach 2' });
    await coachRow.getByLabel('Entra-id (objekt-id)').fill(NEW_COACH);
    await coachRow.getByLabel('Namn').fill('Maja Ek');
    await page.getByRole('button', { name: 'Lägg till förvaltning' }).click();
    const depRow = page
      .getByRole('group')
      .filter({ has: page.getByLabel('Andra stavningar (skilj med kommatecken)') })
      .last();
    await depRow.getByLabel('Namn').fill('Individ- och familjeomsorg');
    await depRow.getByLabel('Andra stavningar (skilj med kommatecken)').fill('IFO, socialtjänsten');
    await page.getByText('Du har ändringar som inte är sparade.').waitFor();
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();

    const stored = await settingsNow();
    expect(stored.settings.coaches.map((c) => c.id)).toContain(NEW_COACH);
    expect(stored.settings.departments).toContainEqual({ name: 'Individ- och familjeomsorg', aliases: ['IFO', 'socialtjänsten'] });
    // The audit log in the view names who changed what.
    const audit = page.getByRole('table', { name: 'Ändringslogg' });
    const change = audit.getByRole('row').filter({ hasText: 'Ändrade' }).first();
    await change.waitFor();
    expect(await change.textContent()).toMatch(/Lars Nilsson.*Ändrade.*idécoacherna, förvaltningarna/);

    // The import: a preview first, then the import on confirmation.
    await page.getByLabel('CSV-fil').setInputFiles({ name: 'ideer.csv', mimeType: 'text/csv', buffer: ideasCsv(50, 'Gammal idé') });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByText('50 rader: 50 nya idéer, 0 fanns redan.').waitFor();
    const sample = page.getByRole('table', { name: /De första \d+ raderna/ });
    await sample.getByRole('row', { name: /Gammal idé 1 .*Person 1 .*Inkommen.*ny/ }).waitFor();
    // Nothing is stored by the preview.
    const before = (await app.get('/api/counts', { authorization: `Bearer ${await token(admin())}` })).body as { total: number };
    await page.getByRole('button', { name: 'Importera 50 idéer' }).click();
    await page.getByText('50 idéer importerades.').waitFor();
    await page.getByRole('link', { name: 'Visa på idétavlan' }).waitFor();
    const after = (await app.get('/api/counts', { authorization: `Bearer ${await token(admin())}` })).body as { total: number };
    expect(after.total - before.total).toBe(50);
    const imported = audit.getByRole('row').filter({ hasText: 'Importerade' }).first();
    await imported.waitFor();
    expect(await imported.textContent()).toMatch(/Lars Nilsson.*Importerade 50 idéer/);

    // The same file again creates nothing.
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByText('50 rader: 0 nya idéer, 50 fanns redan.').waitFor();
    await page.getByText('Alla idéer i filen finns redan. Inget att importera.').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Idétavlan' }).click();
    await page.getByRole('heading', { name: /Idéer i/ }).waitFor();
    await page.getByRole('searchbox').fill('Gammal idé 37');
    await page
      .getByRole('link', { name: /Gammal idé 37/ })
      .first()
      .waitFor();
    await page.close();
  });

  it('shows a refused setting beside its field, stores nothing and focuses the field', async () => {
    const before = await settingsNow();
    const page = await openAdmin();
    await page
      .getByRole('group', { name: /^(Idécoach 1|Karin Berg)$/ })
      .getByLabel('Entra-id (objekt-id)')
      .fill('inte-ett-id');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ett fält behöver rättas. Inget sparades.').waitFor();
    const field = page.getByRole('group', { name: /^(Idécoach 1|Karin Berg)$/ }).getByLabel('Entra-id (objekt-id)');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description, so a screen reader reads it with the field.
    const described = await field.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(described).toContain('Ska vara ett Entra-id');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await settingsNow()).etag).toBe(before.etag);
    await page.close();
  });

  it('tells the second of two admins that someone else saved first, and shows the current values', async () => {
    const page = await openAdmin();
    const read = await settingsNow();
    // Another admin saves meanwhile, through the same API.
    const other = await app.call(
      'PUT',
      '/api/admin/sluice',
      { ...read.settings, name: 'Idéslussen Norra' },
      {
        authorization: `Bearer ${await token(admin())}`,
        'if-match': read.etag,
      },
    );
    expect(other.status).toBe(200);
    await page.getByLabel('Slussens namn').fill('Idéslussen Södra');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText(/Någon annan ändrade inställningarna medan du redigerade/).waitFor();
    expect(await page.getByLabel('Slussens namn').inputValue()).toBe('Idéslussen Norra');
    expect((await settingsNow()).settings.name).toBe('Idéslussen Norra');
    // Saving again now works, against the current values.
    await page.getByLabel('Slussens namn').fill('Idéslussen Södra');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    expect((await settingsNow()).settings.name).toBe('Idéslussen Södra');
    await page.close();
  });

  it('sets the reminder limits and closed days, refusing what is no number beside its field', async () => {
    const page = await openAdmin();
    const limit = page.getByLabel('Idésamtal', { exact: true });
    await limit.fill('tio');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ett fält behöver rättas. Inget sparades.').waitFor();
    expect(await limit.getAttribute('aria-invalid')).toBe('true');
    await limit.fill('10');
    await page.getByRole('button', { name: 'Lägg till stängd period' }).click();
    const closed = page.getByRole('group', { name: 'Stängd period 1' });
    await closed.getByLabel('Från och med').fill('2027-07-01');
    await closed.getByLabel('Till och med').fill('2027-07-31');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    expect((await settingsNow()).settings.reminders).toEqual({
      limits: { screening: 10 },
      closedDays: [{ from: '2027-07-01', to: '2027-07-31' }],
    });
    await page.close();
  });

  it("sets a municipality's number of employees, and Statistik counts ideas per 1 000 employees with it", async () => {
    const page = await openAdmin();
    const employees = page.getByLabel('Antal anställda').first();
    await employees.fill('fyra');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ett fält behöver rättas. Inget sparades.').waitFor();
    expect(await employees.getAttribute('aria-invalid')).toBe('true');
    await employees.fill('2000');
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    const municipality = (await settingsNow()).settings.municipalities[0]!;
    expect(municipality.employees).toBe(2000);
    await page.close();

    const report = (await app.get('/api/stats?period=month', { authorization: `Bearer ${await token(admin())}` })).body as {
      details: { municipalities: { name: string; employees?: number; per1000?: { submitted: number; implemented: number } }[] };
    };
    const figures = report.details.municipalities.find((m) => m.name === municipality.name)!;
    expect(figures.employees).toBe(2000);
    expect(figures.per1000).toBeDefined();
    const stats = await browser.open('#/stats', { as: admin() });
    const row = stats.getByRole('table', { name: 'Per kommun' }).getByRole('row', { name: new RegExp(`^${municipality.name}`) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    const decimals = (n: number) => n.toLocaleString('sv-SE', { maximumFractionDigits: 2 });
    expect(cells.slice(-2)).toEqual([
      (2000).toLocaleString('sv-SE'),
      `${decimals(figures.per1000!.submitted)} / ${decimals(figures.per1000!.implemented)}`,
    ]);
    await stats.close();
  });

  it("lists each row's problems in the preview and offers no import", async () => {
    const page = await openAdmin();
    const csv = Buffer.from('need,idea,department,giverName\nEtt behov,En idé,Skola,Anna\n', 'utf8');
    await page.getByLabel('CSV-fil').setInputFiles({ name: 'fel.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    const problems = page.getByRole('table', { name: 'Problem i filen' });
    await problems.getByRole('cell', { name: 'Rubrikraden saknar kolumnen ”title”.' }).waitFor();
    expect(await page.getByRole('button', { name: /^Importera/ }).count()).toBe(0);

    const long = Buffer.from(`title,need,idea,department,giverName\nBra titel,${'x'.repeat(10_000)},En idé,Skola,Anna\n`, 'utf8');
    await page.getByLabel('CSV-fil').setInputFiles({ name: 'lang.csv', mimeType: 'text/csv', buffer: long });
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await problems.getByRole('row', { name: /^2 need Högst 2000 tecken\./ }).waitFor();
    expect(await page.getByRole('button', { name: /^Importera/ }).count()).toBe(0);
    await page.close();
  });

  it('says coach groups are saved but not synced when the server has no directory', async () => {
    const page = await openAdmin();
    await page.getByText('Katalogen (Microsoft Graph) är inte påslagen på den här servern: grupperna sparas men synkas inte.').waitFor();
    expect(await page.getByRole('button', { name: 'Synka nu' }).count()).toBe(0);
    await page.close();
  });

  it('speaks English when Teams does', async () => {
    const page = await openAdmin('?lang=en');
    await page.getByRole('heading', { level: 3, name: 'Idea coaches', exact: true }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Idea coaches from Entra groups' }).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Change log' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Import ideas' }).waitFor();
    await page.close();
  });

  it.each(['default', 'dark', 'contrast'] as const)(
    'has no serious or critical axe violations in the %s theme, with errors shown',
    async (theme) => {
      const page = await openAdmin(`?theme=${theme}`);
      await page.getByLabel('Slussens namn').fill('');
      await page.getByRole('button', { name: 'Spara ändringar' }).click();
      await page.getByText(/behöver rättas/).waitFor();
      await page.getByRole('table', { name: 'Ändringslogg' }).waitFor();
      expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
      await page.close();
    },
  );

  it('fits a 320 px wide screen without sideways scrolling, and axe finds nothing serious there', async () => {
    const page = await browser.open('#/admin', { as: admin(), width: 320 });
    await page.getByRole('heading', { level: 2, name: 'Inställningar' }).waitFor();
    await page.getByRole('table', { name: 'Ändringslogg' }).waitFor();
    // Whatever reaches past the screen's edge, named, so a failure says what is too wide.
    const tooWide = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('[data-scrolls]'))
        .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}: ${el.textContent?.slice(0, 30) ?? ''}`)
        .slice(0, 5);
    });
    expect(tooWide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
