/**
 * The Administration view's people pickers in headless Chromium (issue 16, item 3): an admin adds a
 * coach, an admin and a registrator by typing part of a name — searchPeople asks the Graph stand-in
 * on behalf of the admin — and saves; nobody types an Entra id. When Entra ID refuses the exchange
 * the picker says only known people are offered and still finds them. axe in three themes, 320 px.
 */
import type { Page } from 'playwright-core';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import { DEMO_DIRECTORY } from '../../bot/src/dev/demo-directory';
import type { TestApp } from '../helpers/app';
import { graphEnvironment, startTestGraph, type GraphStandIn } from '../helpers/graph-standin';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin of `npm start`. */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';
const ASA = { id: '00000000-0000-0000-0000-0000000000e5', name: 'Åsa Öberg' };
const ERIK = { id: '00000000-0000-0000-0000-0000000000e2', name: 'Erik Johansson' };
const FATIMA = { id: '00000000-0000-0000-0000-0000000000e3', name: 'Fatima Hassan' };
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let graph: GraphStandIn;
let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  graph = await startTestGraph({ directory: DEMO_DIRECTORY });
  ({ app, tenant } = await startTabApp({ env: { DEFAULT_ADMIN_IDS: ADMIN_OID, ...graphEnvironment(graph, { teamsAppId: false }) } }));
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await graph?.stop();
});

const admin = () =>
  persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );

async function settingsNow(): Promise<SluiceSettingsResponse> {
  const who = admin();
  const token = ((await app.post('/api/dev/token', { oid: who.oid, tid: who.tid, name: who.name })).body as { token: string }).token;
  const res = await app.get('/api/admin/sluice', { authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  return res.body as SluiceSettingsResponse;
}

async function openAdmin(options: { query?: string; width?: number } = {}): Promise<Page> {
  const page = await browser.open('#/admin', { as: admin(), ...options });
  await page.getByRole('heading', { level: 2, name: /Inställningar|Settings/ }).waitFor();
  return page;
}

/** An option of the open picker (not of the form's native selects). */
const option = (page: Page, o: { name: RegExp }) => page.getByRole('listbox').getByRole('option', o);

/** Types into a picker and waits for the person's option. */
async function search(page: Page, picker: string, words: string, person: RegExp): Promise<void> {
  const box = page.getByTestId(picker).getByRole('combobox');
  await box.click();
  await box.pressSequentially(words, { delay: 20 });
  await option(page, { name: person }).waitFor();
}

describe('the people pickers of the Administration view', () => {
  it('adds a coach, an admin and a registrator found by name in the directory, and saves them', async () => {
    const page = await openAdmin();
    await search(page, 'find-coach', 'åsa', /Åsa Öberg/);
    // The directory's basic profile tells namesakes apart.
    await option(page, { name: /Åsa Öberg \(asa\.oberg@kommun\.example\)/ }).click();
    await page.getByRole('group', { name: ASA.name }).waitFor();
    await page.getByTestId('find-coach').getByRole('status').filter({ hasText: 'Åsa Öberg lades till' }).waitFor();
    expect(await page.getByRole('group', { name: ASA.name }).getByLabel('Entra-id (objekt-id)').inputValue()).toBe(ASA.id);

    // With the keyboard: type, arrow down, Enter.
    const adminBox = page.getByTestId('find-admin').getByRole('combobox');
    await adminBox.click();
    await adminBox.pressSequentially('erik', { delay: 20 });
    await option(page, { name: /Erik Johansson/ }).waitFor();
    await adminBox.press('ArrowDown');
    await adminBox.press('Enter');
    await page.getByRole('group', { name: ERIK.name }).waitFor();

    await search(page, 'find-registrator', 'fatima h', /Fatima Hassan/);
    await option(page, { name: /Fatima Hassan/ }).click();
    await page.getByRole('group', { name: FATIMA.name }).waitFor();

    // Someone already in the list is shown as such and cannot be added twice.
    await search(page, 'find-coach', 'åsa', /Åsa Öberg.*redan tillagd/);
    expect(await option(page, { name: /Åsa Öberg/ }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();
    const stored = (await settingsNow()).settings;
    expect(stored.coaches).toContainEqual(expect.objectContaining({ id: ASA.id, name: ASA.name }));
    expect(stored.coaches.filter((c) => c.id === ASA.id)).toHaveLength(1);
    expect(stored.admins).toContain(ERIK.id);
    expect(stored.registrators).toContain(FATIMA.id);
    // Graph was asked on behalf of the admin, in the admin's tenant.
    const onBehalf = graph.grants.filter((g) => g.grantType === OBO);
    expect(onBehalf.length).toBeGreaterThan(0);
    expect(onBehalf.filter((g) => g.userId !== ADMIN_OID || g.tenantId !== tenant.tenantId)).toEqual([]);
    await page.close();
  });

  it('says when only the people the sluice knows can be searched, and still finds them', async () => {
    // Each page load signs in afresh (a new token), so the refused exchange is not hidden by the cache.
    graph.refuseOnBehalfOf(100);
    try {
      const page = await openAdmin();
      await search(page, 'find-admin', 'anna', /Anna Lindqvist/);
      await page.getByText('Katalogen går inte att söka i just nu').waitFor();
      expect(await option(page, { name: /Anna Lindqvist/ }).textContent()).not.toContain('@');
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    } finally {
      graph.refuseOnBehalfOf(0);
    }
  });

  it.each(['default', 'dark', 'contrast'] as const)(
    'has no serious or critical axe violations in the %s theme with the options open',
    async (theme) => {
      const page = await openAdmin({ query: `?theme=${theme}` });
      await search(page, 'find-coach', 'kar', /Karin Berg/);
      await page
        .getByTestId('find-coach')
        .getByRole('status')
        .filter({ hasText: /hittades/ })
        .waitFor();
      expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
      await page.close();
    },
  );

  it('fits a 320 px wide screen with the options open', async () => {
    const page = await openAdmin({ width: 320 });
    await search(page, 'find-coach', 'lars', /Lars Nilsson/);
    const tooWide = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('[data-scrolls]'))
        .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}: ${el.textContent?.slice(0, 30) ?? ''}`)
        .slice(0, 5);
    });
    expect(tooWide).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
