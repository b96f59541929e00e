/**
 * "Mina uppgifter" (#/my-data) in headless Chromium: reached from the footer, it shows what
 * exportMyData answers as sections — one per kind with items, each item with its date and the idea
 * it belongs to, opening the idea panel — and the kinds with none together; "Ladda ned som JSON"
 * downloads exactly the API's answer. The reading is in the audit log. Swedish by default, English
 * by locale; axe finds nothing serious in the three themes, and the page reflows at 320 px.
 */
import { readFile } from 'node:fs/promises';
import type { Page, Response } from 'playwright-core';
import type { PersonalDataExportBody } from '../../bot/src/api/personal-data-contracts';
import { subjectRef } from '../../bot/src/domain/personal-data';
import type { TestApp } from '../helpers/app';
import { bearer, tokenFor } from '../api/helpers';
import demo from './demo-ideas.json';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

const THEMES = ['default', 'dark', 'contrast'] as const;

/** The idea of a colleague the giver supports: an item that names its idea by id only. */
const SUPPORTED = 'Gemensam bilpool för förvaltningarna';

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  const colleague = tenant.people.find((p) => p.oid !== tenant.people[giverIndex]!.oid && p.oid !== tenant.coach.oid)!;
  const submitted = await app.services.ideas.submit({
    giver: { id: colleague.oid, tenantId: tenant.tenantId, name: colleague.name, locale: 'sv' },
    text: {
      title: SUPPORTED,
      need: 'Bilarna står still',
      idea: 'Dela bilarna',
      beneficiaries: ['staff'],
      department: 'Tekniska förvaltningen',
    },
    source: 'tab',
    idempotencyKey: 'my-data-supported',
  });
  if (!submitted.ok) throw new Error(submitted.error);
  const giver = tenant.people[giverIndex]!;
  const token = await tokenFor(app, { id: giver.oid, tenantId: tenant.tenantId, name: giver.name });
  expect((await app.call('PUT', `/api/ideas/${submitted.idea.id}/support`, undefined, bearer(token))).status).toBe(200);
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const giverIndex = 0;
const employee = () => persona(tenant, tenant.people[giverIndex]!, 'employee');

/** Opens #/my-data and keeps the API's answer the page got, as it came over the wire. */
async function openMyData(options: { query?: string; width?: number } = {}): Promise<{ page: Page; answer: Promise<Response> }> {
  let answer!: Promise<Response>;
  const page = await browser.open('#/my-data', {
    as: employee(),
    ...options,
    beforeLoad: async (p) => {
      answer = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/me/data' && r.request().method() === 'GET');
    },
  });
  await page.getByTestId('my-data').waitFor();
  return { page, answer };
}

describe('Mina uppgifter', () => {
  it('is reached from the footer and shows each kind with items as a section, with dates and links to the ideas', async () => {
    const page = await browser.open('#/board', { as: employee() });
    await page.getByRole('navigation', { name: 'Om tjänsten' }).getByRole('link', { name: 'Mina uppgifter' }).click();
    const doc = page.getByTestId('my-data');
    await doc.waitFor();
    expect(page.url()).toContain('#/my-data');
    await page.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();

    // The giver's demo ideas, as handed in: each a link in "Idéer du har lämnat".
    const titles = demo.ideas.filter((d) => d.giver === giverIndex).map((d) => d.title);
    expect(titles.length).toBeGreaterThan(0);
    const ideas = doc.getByRole('region', { name: `Idéer du har lämnat (${titles.length})` });
    await ideas.waitFor();
    expect(await ideas.getByRole('listitem').count()).toBe(titles.length);
    const links = await ideas.getByRole('link').allTextContents();
    for (const title of titles) expect(links.some((l) => l.endsWith(title))).toBe(true);
    expect(links.every((l) => /^Idé #\d+ /.test(l))).toBe(true);
    // Every item has its date.
    const times = await ideas.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times).toHaveLength(titles.length);
    expect(times.every((t) => !Number.isNaN(Date.parse(t)))).toBe(true);
    // A support names its idea by id only; the page links it by number and title all the same.
    const supports = doc.getByRole('region', { name: 'Idéer du stödjer (1)' });
    expect(await supports.getByRole('link').textContent()).toMatch(new RegExp(`^Idé #\\d+ ${SUPPORTED}$`));
    // Kinds with none are listed together (the giver coaches nothing).
    expect(await doc.getByTestId('my-data-none').getByRole('listitem').allTextContents()).toContain('Idéer du coachar eller är reserv för');

    // An idea's number opens its panel over the page.
    const first = ideas.getByRole('link').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    const panel = page.getByRole('dialog');
    await panel.waitFor();
    await panel
      .getByRole('heading', { name: name.replace(/^Idé #\d+ /, '') })
      .first()
      .waitFor();
    expect(page.url()).toMatch(/#\/my-data\?idea=/);
    await page.close();
  });

  it('has a section per kind the API counts, and the reading is in the audit log', async () => {
    const before = await readingsOf();
    const { page, answer } = await openMyData();
    const body = (await (await answer).json()) as PersonalDataExportBody;
    const doc = page.getByTestId('my-data');
    const headings = await doc.getByRole('heading', { level: 2 }).allTextContents();
    const expected = body.kinds.filter((k) => k.count > 0).map((k) => `${k.label.sv} (${k.count})`);
    expect(expected.length).toBeGreaterThan(2);
    expect(headings).toEqual([...expected, 'Inget sparat']);
    expect(await readingsOf()).toBe(before + 1);
    await page.close();
  });

  it('says in words what the audit entries that name you are, as the Arkiv view does', async () => {
    // The first reading is itself an entry that the next one lists.
    await (await openMyData()).page.close();
    const { page } = await openMyData();
    const entries = page.locator('[data-kind="auditEntry"]');
    await entries.waitFor();
    const text = await entries.innerText();
    expect(text).toMatch(/Tog ut sina egna uppgifter \(\d+ poster?\)/);
    expect(text).not.toContain('personalData.exported');
    await page.close();
  });

  it('downloads exactly what exportMyData answered, as mina-uppgifter-<day>.json', async () => {
    const { page, answer } = await openMyData();
    const api = await (await answer).text();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ned som JSON' }).click()]);
    const produced = (JSON.parse(api) as PersonalDataExportBody).producedAt.slice(0, 10);
    expect(download.suggestedFilename()).toBe(`mina-uppgifter-${produced}.json`);
    const saved = await readFile((await download.path())!, 'utf8');
    expect(saved).toBe(api);
    expect((JSON.parse(saved) as PersonalDataExportBody).subject.id).toBe(tenant.people[giverIndex]!.oid);
    await page.getByTestId('live-region').getByText('Filen med dina uppgifter är nedladdad.').waitFor();
    await page.close();
  });

  it('is in English when the locale is English', async () => {
    const { page } = await openMyData({ query: '?lang=en' });
    await page.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
    await page.getByRole('button', { name: 'Download as JSON' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Ideas you handed in \(\d+\)$/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    await page.close();
  });

  it.each(THEMES)('has no serious or critical axe violations in the %s theme', async (theme) => {
    const { page } = await openMyData({ query: `?theme=${theme}` });
    await page.getByText('Visa allt som är sparat').first().click();
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });

  it('reflows at 320 px without sideways scrolling, an item opened', async () => {
    const { page } = await openMyData({ width: 320 });
    await page.getByText('Visa allt som är sparat').first().click();
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBeLessThanOrEqual(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});

/** How many readings of the giver's own data the audit log holds. */
async function readingsOf(): Promise<number> {
  const who = tenant.people[giverIndex]!;
  const found = (await app.storage.sluices.findByTenant(tenant.tenantId))!;
  const page = await app.storage.audit.list(found.value.id, { pageSize: 100 });
  return page.items.filter((e) => e.action === 'personalData.exported' && e.personalData?.subject === subjectRef(tenant.tenantId, who.oid))
    .length;
}
