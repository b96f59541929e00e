/**
 * A stand-in for the Teams client's side of the `@microsoft/teams-js` protocol, for the tab's
 * browser tests: a page that frames the tab and answers its SDK messages as Teams does.
 *
 * The page is served by the browser context itself at `https://teams.microsoft.com/…` (a Playwright
 * route fulfils it; nothing is fetched from that address — every other request outside loopback is
 * still refused by launchLocalChromium), because teams-js only trusts messages from the Teams
 * origins it knows. It answers `initialize` (frame context, client type, runtime config),
 * `getContext` (the legacy context Teams still sends: locale, theme, entity and sub-entity ids),
 * `authentication.getAuthToken` (the token the test gives it), the configuration page's
 * `settings.*` calls, a channel tab's context (channel, app id) and the client's clipboard when asked
 * to, and records every message. A test can send what Teams sends on its own
 * (`themeChange`, `settings.save`).
 */
import type { BrowserContext, Page } from 'playwright-core';

export const TEAMS_HOST_ORIGIN = 'https://teams.microsoft.com';

/** What the stand-in tells the tab about where it runs. */
export interface TeamsHostOptions {
  /** The tab's address, e.g. `http://127.0.0.1:3978/tab/index.html#/mine`. */
  readonly tabUrl: string;
  /** The SSO token `authentication.getAuthToken` resolves with. */
  readonly token: string;
  /** `content` for a tab, `settings` for its configuration page. */
  readonly frameContext?: 'content' | 'settings';
  /** Teams' theme name: `default`, `dark` or `contrast`. */
  readonly theme?: string;
  /** Teams' locale, e.g. `sv-se` or `en-us`. */
  readonly locale?: string;
  /** The tab's entity id (the manifest's `entityId`) and the deep link's sub-page id. */
  readonly entityId?: string;
  readonly subEntityId?: string;
  /** A channel's (team) tab: the channel's id, as Teams gives it in the context; absent for the personal tab. */
  readonly channelId?: string;
  /** The app's id, where the client gives it in the context (`app.appId`). */
  readonly appId?: string;
  /** Whether the client offers its own clipboard (`clipboard.write`); its writes are recorded as `clipboard.writeToClipboard`. */
  readonly clipboard?: boolean;
}

/** One SDK message the tab sent to the host. */
export interface HostMessage {
  readonly func: string;
  readonly args: unknown[];
}

export interface TeamsHostPage {
  readonly page: Page;
  /** The frame the tab runs in. */
  tab(): import('playwright-core').Frame;
  /** Every message the tab has sent so far, oldest first. */
  messages(): Promise<HostMessage[]>;
  /** Waits until the tab has sent a message with this `func`, and returns it. */
  waitForMessage(func: string): Promise<HostMessage>;
  /** Sends what Teams sends on its own, e.g. `themeChange` with `['dark']`. */
  send(func: string, args: unknown[]): Promise<void>;
}

const RUNTIME = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: {
    app: { notifySuccessResponse: {} },
    appInstallDialog: {},
    dialog: { card: {}, url: {}, update: {} },
    pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
    teamsCore: {},
  },
};

function hostHtml(options: TeamsHostOptions): string {
  const tab = new URL(options.tabUrl);
  const settings = {
    frameContext: options.frameContext ?? 'content',
    runtime: JSON.stringify(options.clipboard ? { ...RUNTIME, supports: { ...RUNTIME.supports, clipboard: {} } } : RUNTIME),
    tabOrigin: tab.origin,
    token: options.token,
    context: {
      locale: options.locale ?? 'sv-se',
      theme: options.theme ?? 'default',
      entityId: options.entityId ?? 'mine',
      subEntityId: options.subEntityId ?? '',
      ...(options.channelId ? { channelId: options.channelId, teamId: '19:team@thread.tacv2' } : {}),
      ...(options.appId ? { appId: options.appId } : {}),
      frameContext: options.frameContext ?? 'content',
      hostClientType: 'web',
      tid: '00000000-0000-0000-0000-0000000000a1',
      userObjectId: '00000000-0000-0000-0000-0000000000c1',
      appSessionId: 'session-1',
      hostName: 'Teams',
    },
  };
  const script = `
    const S = ${JSON.stringify(settings)};
    window.hostMessages = [];
    const frame = document.getElementById('tab');
    window.hostSend = (func, args) => frame.contentWindow.postMessage({ func, args }, S.tabOrigin);
    window.addEventListener('message', (e) => {
      if (e.source !== frame.contentWindow || e.origin !== S.tabOrigin) return;
      const m = e.data;
      if (!m || typeof m.func !== 'string') return;
      window.hostMessages.push({ func: m.func, args: m.args || [] });
      const reply = (args) => e.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, e.origin);
      switch (m.func) {
        case 'initialize': return reply([S.frameContext, 'web', S.runtime, '2.0.0']);
        case 'getContext': return reply([S.context]);
        case 'authentication.getAuthToken': return reply([true, S.token]);
        case 'settings.setSettings': return reply([true]);
        default: return reply([]);
      }
    });
    frame.src = ${JSON.stringify(options.tabUrl)};
  `;
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Microsoft Teams (stand-in)</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe id="tab" title="Idéslussen"></iframe><script>${script}</script></body></html>`;
}

/** Opens the stand-in Teams page around the tab in a new page of `context`. */
export async function openInTeamsHost(context: BrowserContext, options: TeamsHostOptions): Promise<TeamsHostPage> {
  const page = await context.newPage();
  const address = `${TEAMS_HOST_ORIGIN}/_ideslussen-test-host/`;
  await page.route(`${address}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostHtml(options) }),
  );
  if (process.env['DEBUG_TEAMS_HOST']) {
    page.on('console', (m) => console.log('[host console]', m.text()));
    page.on('pageerror', (e) => console.log('[host error]', e.message));
  }
  await page.goto(address);
  const tabOrigin = new URL(options.tabUrl).origin;
  const framed = (): import('playwright-core').Frame | undefined => page.frames().find((f) => f.url().startsWith(tabOrigin));
  for (const deadline = Date.now() + 15_000; !framed();) {
    if (Date.now() > deadline) throw new Error(`the stand-in Teams page did not frame ${options.tabUrl}`);
    await page.waitForTimeout(50);
  }
  const messages = (): Promise<HostMessage[]> => page.evaluate(() => (window as unknown as { hostMessages: HostMessage[] }).hostMessages);
  return {
    page,
    tab: () => {
      const frame = framed();
      if (!frame) throw new Error('the tab is no longer framed');
      return frame;
    },
    messages,
    async waitForMessage(func) {
      const handle = await page.waitForFunction(
        (name) => (window as unknown as { hostMessages: HostMessage[] }).hostMessages.find((m) => m.func === name),
        func,
      );
      return (await handle.jsonValue()) as HostMessage;
    },
    async send(func, args) {
      await page.evaluate(([f, a]) => (window as unknown as { hostSend(f: unknown, a: unknown): void }).hostSend(f, a), [
        func,
        args,
      ] as const);
    },
  };
}
