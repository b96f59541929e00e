/**
 * "Kopiera länk till idén" in the idea panel, in headless Chromium (clipboard permissions granted to
 * the tab's origin): it copies the link the cards' "Öppna i Idéslussen" carry — the server's
 * `link` on getIdea, here a Teams deep link to the personal tab at the idea — and says so.
 */
import type { IdeaDetail } from '../../bot/src/api/contracts';
import type { Idea } from '../../bot/src/domain/idea';
import type { TestApp } from '../helpers/app';
import { getAs } from '../api/helpers';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant, type TabBrowser } from './helpers';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';

let app: TestApp;
let tenant: DemoTenant;
let browser: TabBrowser;
let idea: Idea;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ seed: false, env: { TEAMS_APP_ID: APP_ID } }));
  const who = tenant.people[1]!;
  const result = await app.services.ideas.submit({
    giver: { id: who.oid, tenantId: tenant.tenantId, name: who.name, locale: 'sv', department: 'Tekniska förvaltningen' },
    text: {
      title: 'Lånecyklar till hemtjänsten',
      need: 'Bilarna räcker inte till.',
      idea: 'Elcyklar att låna.',
      department: 'Tekniska förvaltningen',
      beneficiaries: ['staff'],
    },
    source: 'tab',
    idempotencyKey: 'copy-link-1',
  });
  if (!result.ok) throw new Error(result.error);
  idea = result.idea;
  browser = await openBrowser(app.url);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('Kopiera länk in the idea panel', () => {
  it("copies the cards' Öppna i Idéslussen link and confirms it where everyone can see", async () => {
    const reader = tenant.people[2]!;
    const page = await browser.open(`#/board?idea=${idea.id}`, { as: persona(tenant, reader, 'employee') });
    const panel = page.getByRole('dialog', { name: /Lånecyklar till hemtjänsten/ });
    await panel.getByRole('button', { name: 'Kopiera länk till idén' }).click();
    await panel.getByRole('status').filter({ hasText: 'Länken är kopierad.' }).waitFor();

    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const res = await getAs(app, { id: reader.oid, tenantId: tenant.tenantId, name: reader.name }, `/api/ideas/${idea.id}`);
    expect(copied).toBe((res.body as { idea: IdeaDetail }).idea.link);
    const url = new URL(copied);
    expect(`${url.origin}${url.pathname}`).toBe(`https://teams.microsoft.com/l/entity/${APP_ID}/mine`);
    expect(JSON.parse(url.searchParams.get('context') ?? '{}')).toEqual({ subEntityId: `idea:${idea.id}` });
    // Outside Teams there is no share dialog to offer.
    expect(await panel.getByRole('button', { name: 'Dela länk till idén' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows the link to copy by hand when the browser refuses the clipboard', async () => {
    await browser.context.clearPermissions();
    const page = await browser.open(`#/board?idea=${idea.id}`, {
      as: persona(tenant, tenant.people[2]!, 'employee'),
      beforeLoad: async (p) => {
        await p.addInitScript(() => {
          Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new Error('denied')) });
        });
      },
    });
    const panel = page.getByRole('dialog', { name: /Lånecyklar till hemtjänsten/ });
    await panel.getByRole('button', { name: 'Kopiera länk till idén' }).click();
    const field = panel.getByLabel('Kopiera länk till idén', { exact: true }).and(page.locator('input'));
    await field.waitFor();
    expect(await field.inputValue()).toContain(`/l/entity/${APP_ID}/mine`);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.close();
  });
});
