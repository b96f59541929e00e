import type { Page } from 'playwright-core';
import type { TestApp } from '../helpers/app';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const coach = () => persona(tenant, tenant.coach, 'coach');
const employee = () => persona(tenant, tenant.people[0]!, 'employee');

/** Scripts the page loaded, by file name. */
async function scripts(page: Page): Promise<string[]> {
  return page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop() ?? ''));
}

async function openStats(who = coach(), query = ''): Promise<Page> {
  const page = await browser.open('#/stats', { as: who, query });
  await page.getByRole('heading', { level: 2, name: /rapport för/ }).waitFor();
  return page;
}

describe('the Statistik view', () => {
  it('loads its chart library only when opened: the board does not fetch it', async () => {
    const board = await browser.open('#/board', { as: coach() });
    await board.getByRole('heading', { name: /Idéer i/ }).waitFor();
    expect((await scripts(board)).filter((s) => s.startsWith('stats-view'))).toEqual([]);
    await board.getByRole('link', { name: 'Statistik' }).click();
    await board.getByRole('heading', { level: 2, name: /rapport för/ }).waitFor();
    expect((await scripts(board)).some((s) => s.startsWith('stats-view'))).toBe(true);
    await board.close();
  });

  it('shows a coach the funnel, outcomes and coach-only figures, each chart with a table of the same figures', async () => {
    const page = await openStats();
    const funnel = page.getByRole('table', { name: 'Tratten som tabell' });
    const submitted = await funnel
      .getByRole('row', { name: /^Inlämnade/ })
      .getByRole('cell')
      .first()
      .textContent();
    expect(Number(submitted)).toBeGreaterThan(0);
    const report = (await app.get('/api/stats?period=month', { authorization: `Bearer ${await token(coach())}` })).body as {
      funnel: { submitted: { value: number } };
    };
    expect(Number(submitted)).toBe(report.funnel.submitted.value);
    for (const name of ['Tratten', 'Steg över tid', 'Per förvaltning', 'Tid i varje steg (arbetsdagar)'])
      expect(await page.getByText(`Diagram: ${name}. Samma siffror finns i tabellen nedanför.`).count()).toBe(1);
    expect(await page.locator('.stats-chart svg').count()).toBeGreaterThanOrEqual(3);
    await page.getByRole('heading', { name: 'Idégivarnas nöjdhet' }).waitFor();
    await page.getByRole('button', { name: 'Exportera idéer (CSV)' }).waitFor();
    await page.getByText(/varje idé räknas en gång per steg/).waitFor();
    await page.close();
  });

  it('fits a phone: the funnel follows the page, legends read as the tables, Swedish only, the municipality named', async () => {
    const page = await browser.open('#/stats', { as: coach(), width: 390 });
    await page.getByRole('heading', { level: 2, name: /rapport för/ }).waitFor();
    await page.locator('.stats-chart svg').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const legends = page.locator('.stats-chart .fui-legend__legend');
    expect(await legends.count()).toBeGreaterThan(0);
    expect(await legends.first().evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
    // Every step has room (the legend wraps): no "+2 more" from the chart library.
    expect(await page.locator('.stats-chart').first().innerText()).not.toMatch(/\bmore\b/);
    // A sluice of one municipality that was never named shows its own name, never a tenant id.
    const perMunicipality = page.getByRole('table', { name: 'Per kommun' });
    await perMunicipality.waitFor();
    expect(await perMunicipality.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.close();
  });

  it('gives an employee the public summary: no coach figures, no export', async () => {
    const page = await openStats(employee());
    await page.getByText(/Du ser den öppna sammanfattningen/).waitFor();
    expect(await page.getByRole('heading', { name: 'Idégivarnas nöjdhet' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Exportera idéer (CSV)' }).count()).toBe(0);
    expect(await page.content()).not.toContain(tenant.coach.name);
    await page.close();
  });

  it('exports a CSV for Excel from the button, with the mouse', async () => {
    const page = await openStats();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/stats/export.csv')),
      page.getByRole('button', { name: 'Exportera idéer (CSV)' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    // The file's bytes (BOM, separators, dates) are checked in tests/api/stats.test.ts.
    await page.getByTestId('live-region').getByText('Exporten är klar.').waitFor({ state: 'attached' });
    await page.close();
  });

  it('changes the period with the keyboard and keeps it in the address', async () => {
    const page = await openStats();
    const select = page.getByRole('combobox', { name: 'Period' });
    await select.focus();
    await select.selectOption('year');
    await page.waitForFunction(() => window.location.hash.includes('period=year'));
    await page.getByRole('heading', { level: 2, name: new RegExp(`rapport för ${new Date().getFullYear()}-01-01`) }).waitFor();
    await select.selectOption('custom');
    await page.getByLabel('Från och med månad').fill('2026-05');
    await page.getByLabel('Till och med månad').fill('2026-03');
    await page.getByText('Välj en period där startmånaden inte ligger efter slutmånaden.').first().waitFor();
    await page.close();
  });

  it('prints as a clean report: no navigation or buttons, the figures and effects stay', async () => {
    const page = await openStats();
    await page.emulateMedia({ media: 'print' });
    // Neither the view's navigation nor the footer's links are printed.
    expect(await page.locator('nav').count()).toBeGreaterThan(0);
    for (const nav of await page.locator('nav').all()) expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut rapport' }).isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: 'Tratten som tabell' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Införda idéer och deras effekter' }).isVisible()).toBe(true);
    await page.close();
  });

  it.each(['default', 'dark', 'contrast'])('has no serious or critical axe violations in the %s theme', async (theme) => {
    const page = await openStats(coach(), `?theme=${theme}`);
    await page.locator('.stats-chart svg').first().waitFor();
    // Fluent's focus manager (tabster) puts aria-hidden, focusable "dummy" elements around the
    // charts' arrow-key groups; they pass focus on at once and are no barrier. Any other element
    // in a violation still fails the test.
    const violations = await seriousViolations(page);
    const isDummy = (selector: string): Promise<boolean> =>
      page.evaluate((sel) => {
        const el = document.querySelector(sel);
        return !!el && el.hasAttribute('data-tabster-dummy');
      }, selector);
    const real = [];
    for (const v of violations) {
      const dummyOnly = v.id === 'aria-hidden-focus' && (await Promise.all(v.targets.map(isDummy))).every(Boolean);
      if (!dummyOnly) real.push(v);
    }
    expect({ theme, violations: real }).toEqual({ theme, violations: [] });
    await page.close();
  });
});

async function token(who: ReturnType<typeof coach>): Promise<string> {
  const res = await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name });
  return (res.body as { token: string }).token;
}
