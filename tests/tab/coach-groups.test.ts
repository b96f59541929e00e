/**
 * The Administration view's coach groups, in headless Chromium against the whole server and the
 * local Graph stand-in (the demo directory, as `npm start` runs it): an admin names the demo coach
 * group, saves, and "Synka nu" makes its nested member a coach, marked as coming from the group and
 * in the change log; axe finds nothing serious in three themes.
 */
import type { Page } from 'playwright-core';
import { DEMO_COACH_GROUP_ID, DEMO_DIRECTORY } from '../../bot/src/dev/demo-directory';
import type { TestApp } from '../helpers/app';
import { graphEnvironment, startTestGraph, type GraphStandIn } from '../helpers/graph-standin';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

/** Lars Nilsson, the demo admin. */
const ADMIN_OID = '00000000-0000-0000-0000-0000000000e4';
/** In the demo coach group through its nested group. */
const NESTED_MEMBER = 'Åsa Öberg';

let graph: GraphStandIn;
let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;

beforeAll(async () => {
  ensureTabBuilt();
  graph = await startTestGraph({ directory: DEMO_DIRECTORY });
  ({ app, tenant } = await startTabApp({
    seed: false,
    env: { ...graphEnvironment(graph), DEFAULT_ADMIN_IDS: ADMIN_OID, GRAPH_GROUP_SYNC_MS: '0', REMINDER_SCAN_MS: '0' },
  }));
  browser = await openBrowser(app.url);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await graph?.stop();
});

async function openAdmin(query = ''): Promise<Page> {
  const admin = persona(
    tenant,
    tenant.people.find((p) => p.oid === ADMIN_OID)!,
    'admin',
  );
  const page = await browser.open('#/admin', { as: admin, query });
  await page.getByRole('heading', { level: 2, name: /Inställningar|Settings/ }).waitFor();
  return page;
}

describe('coach groups in the Administration view', () => {
  it('saves a group and "Synka nu" adds its nested member as a coach from the group, in the change log', async () => {
    const page = await openAdmin();
    await page.getByRole('heading', { level: 3, name: 'Idécoacher från Entra-grupper' }).waitFor();
    expect(await page.getByRole('button', { name: 'Synka nu' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Lägg till grupp' }).click();
    const group = page.getByRole('group', { name: 'Grupp 1' });
    await group.getByLabel('Gruppens objekt-id i Entra').fill(DEMO_COACH_GROUP_ID);
    // Unsaved: syncing would throw the edit away, so the button waits for the save.
    await page.getByText('Spara ändringarna innan du synkar.').waitFor();
    expect(await page.getByRole('button', { name: 'Synka nu' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Spara ändringar' }).click();
    await page.getByText('Ändringarna är sparade.').waitFor();

    await page.getByRole('button', { name: 'Synka nu' }).click();
    await page.getByRole('status').filter({ hasText: 'Synkat: 1 tillagda, 0 borttagna' }).waitFor();
    const added = page.getByRole('group', { name: NESTED_MEMBER });
    await added.getByText('Från Entra-grupp').waitFor();
    // The demo coach was hand-picked and stays so.
    expect(await page.getByRole('group', { name: tenant.coach.name }).getByText('Från Entra-grupp').count()).toBe(0);
    await page.reload();
    await page.getByRole('table', { name: 'Ändringslogg' }).getByText(`Nya idécoacher från grupp: ${NESTED_MEMBER}`).waitFor();

    // Again: nothing more to change.
    await page.getByRole('button', { name: 'Synka nu' }).click();
    await page.getByRole('status').filter({ hasText: 'Idécoacherna stämmer redan med grupperna.' }).waitFor();
    await page.close();
  }, 60_000);

  it.each(['default', 'dark', 'contrast'] as const)(
    'has no serious or critical axe violations in the %s theme',
    async (theme) => {
      const page = await openAdmin(`?theme=${theme}`);
      await page.getByRole('group', { name: 'Grupp 1' }).waitFor();
      await page.getByRole('button', { name: 'Synka nu' }).click();
      await page.getByRole('status').filter({ hasText: 'Idécoacherna stämmer redan' }).waitFor();
      expect({ theme, violations: await seriousViolations(page) }).toEqual({ theme, violations: [] });
      await page.close();
    },
    60_000,
  );
});
