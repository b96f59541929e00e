/**
 * The tab inside Teams (tab/src/host/teams-host.ts), in headless Chromium, framed by a page that
 * plays the Teams client's side of the `@microsoft/teams-js` protocol (tests/helpers/teams-host-stand-in.ts):
 * Teams SSO (the token comes from the host, and the server accepts it), Teams' theme and locale,
 * theme changes while open, a deep link's sub-page id opening the idea, and the configuration page
 * saving the channel tab's settings. Nothing is fetched from outside loopback.
 */
import type { IdeaPage } from '../../bot/src/api/contracts';
import type { TestApp } from '../helpers/app';
import { openInTeamsHost } from '../helpers/teams-host-stand-in';
import { getAs } from '../api/helpers';
import { launchLocalChromium } from '../../scripts/chromium.cjs';
import { ensureTabBuilt, startTabApp, type DemoTenant } from './helpers';

let app: TestApp;
let tenant: DemoTenant;
let browser: Awaited<ReturnType<typeof launchLocalChromium>>;
let ssoToken: string;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp());
  // Teams frames the tab from its own https address; here the tab is on http loopback, which Chromium
  // refuses to frame in a public https page (mixed content, local network access) without these switches.
  browser = await launchLocalChromium({
    allowedOrigins: [app.url],
    extraArgs: ['--allow-running-insecure-content', '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'],
    contextOptions: { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' },
  });
  // Teams' SSO token for Karin: here from the local issuer the test server trusts, as the host would hand it over.
  const res = await fetch(`${app.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ oid: tenant.coach.oid, tid: tenant.tenantId, name: tenant.coach.name }),
  });
  ssoToken = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const TITLE = 'Lånecyklar för hemtjänsten';

async function ideaId(title: string): Promise<string> {
  const page = (
    await getAs(app, { id: tenant.coach.oid, tenantId: tenant.tenantId, name: 'x' }, `/api/ideas?q=${encodeURIComponent(title)}`)
  ).body as IdeaPage;
  return page.items[0]!.id;
}

describe('the tab in Teams', () => {
  it('signs in with the SSO token Teams gives, follows Teams’ theme and language, and opens the idea of a deep link', async () => {
    const id = await ideaId(TITLE);
    const host = await openInTeamsHost(browser.context, {
      tabUrl: `${app.url}/tab/index.html#/board`,
      token: ssoToken,
      theme: 'dark',
      locale: 'sv-se',
      entityId: 'board',
      subEntityId: `idea:${id}`,
    });
    try {
      const tab = host.tab();
      // The deep link's idea is open, read with Karin's SSO token: no persona picker, no local sign-in.
      await tab.getByRole('dialog', { name: new RegExp(TITLE) }).waitFor();
      await host.waitForMessage('authentication.getAuthToken');
      expect(await tab.getByRole('heading', { name: 'Välj vem du är' }).count()).toBe(0);
      expect(await tab.getByText('(lokalt)').count()).toBe(0);
      expect(await tab.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
      expect(tab.url()).toContain(`idea=${id}`);
      // Teams switches to high contrast while the tab is open.
      await host.send('themeChange', ['contrast']);
      await tab.locator('[data-theme="contrast"]').first().waitFor();
      const funcs = (await host.messages()).map((m) => m.func);
      expect(funcs).toEqual(expect.arrayContaining(['initialize', 'getContext', 'registerHandler']));
      expect(browser.blocked.filter((url) => url.startsWith('https://teams.microsoft.com/'))).toEqual([]);
    } finally {
      await host.page.close();
    }
  });

  it('speaks English when Teams does', async () => {
    const host = await openInTeamsHost(browser.context, {
      tabUrl: `${app.url}/tab/index.html#/board`,
      token: ssoToken,
      locale: 'en-us',
      entityId: 'board',
    });
    try {
      await host.tab().getByRole('heading', { level: 1, name: 'Ideas in Idéslussen Exempelkommun' }).waitFor();
      expect(await host.tab().locator('[data-theme]').first().getAttribute('data-theme')).toBe('default');
    } finally {
      await host.page.close();
    }
  });

  it("opens a statement page from the help card's deep link (sub-page page:privacy)", async () => {
    const host = await openInTeamsHost(browser.context, {
      tabUrl: `${app.url}/tab/index.html#/mine`,
      token: ssoToken,
      locale: 'sv-se',
      entityId: 'mine',
      subEntityId: 'page:privacy',
    });
    try {
      await host.tab().getByTestId('privacy-statement').waitFor();
      await host.tab().getByRole('heading', { level: 1, name: 'Så behandlas personuppgifter' }).waitFor();
      expect(host.tab().url()).toContain('#/privacy');
    } finally {
      await host.page.close();
    }
  });

  it('opens Mina uppgifter from the "mina uppgifter" card\'s deep link (sub-page page:my-data)', async () => {
    const host = await openInTeamsHost(browser.context, {
      tabUrl: `${app.url}/tab/index.html#/mine`,
      token: ssoToken,
      locale: 'sv-se',
      entityId: 'mine',
      subEntityId: 'page:my-data',
    });
    try {
      await host.tab().getByTestId('my-data').waitFor();
      await host.tab().getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
      expect(host.tab().url()).toContain('#/my-data');
    } finally {
      await host.page.close();
    }
  });

  it('on the configuration page, is valid at once and saves the board as the channel tab when Teams asks', async () => {
    const host = await openInTeamsHost(browser.context, {
      tabUrl: `${app.url}/tab/index.html#/config`,
      token: ssoToken,
      frameContext: 'settings',
      entityId: '',
    });
    try {
      const validity = await host.waitForMessage('settings.setValidityState');
      expect(validity.args).toEqual([true]);
      await host.send('settings.save', [{}]);
      const saved = await host.waitForMessage('settings.setSettings');
      expect(saved.args[0]).toMatchObject({
        entityId: 'board',
        contentUrl: `${app.url}/tab/index.html#/board`,
        websiteUrl: `${app.url}/tab/index.html#/board`,
      });
      await host.waitForMessage('settings.save.success');
    } finally {
      await host.page.close();
    }
  });
});
