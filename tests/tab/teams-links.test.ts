/**
 * Links from Teams into the tab, end to end in headless Chromium, with the tab framed by the stand-in
 * Teams host (tests/helpers/teams-host-stand-in.ts) and the server given a Teams app id:
 * - a card's "Öppna i Idéslussen" (the coach's task card the bot sent, through the recording connector)
 *   opens the tab Teams names in it with its sub-page id, and the idea panel shows that idea;
 * - a challenge's channel card opens the team tab's Utmaningar view at that challenge;
 * - "Kopiera länk" copies the team tab's own link in a channel's tab (its entity id and channel from
 *   Teams' context) and the personal link in the personal tab, through Teams' clipboard.
 * Nothing is fetched from outside loopback.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import type { ChallengeResponse, CreateChallengeRequest } from '../../bot/src/api/challenge-contracts';
import type { IdeaDetail, IdeaPage } from '../../bot/src/api/contracts';
import { addDays, stockholmDate } from '../../bot/src/domain/working-days';
import { message } from '../../bot/src/local/activities';
import { OPEN_ACTION_ID } from '../../bot/src/teams/deep-links';
import type { TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { openInTeamsHost, type TeamsHostOptions } from '../helpers/teams-host-stand-in';
import { bearer, getAs, tokenFor } from '../api/helpers';
import { launchLocalChromium } from '../../scripts/chromium.cjs';
import { ensureTabBuilt, openBrowser, persona, seriousViolations, startTabApp, type DemoTenant } from './helpers';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';
const CHANNEL_ID = '19:utmaningar@thread.tacv2';
const TEAM_ID = '19:idelabbet@thread.tacv2';
const TITLE = 'Lånecyklar för hemtjänsten';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

let app: TestApp;
let tenant: DemoTenant;
let browser: Awaited<ReturnType<typeof launchLocalChromium>>;
let ssoToken: string;

beforeAll(async () => {
  ensureTabBuilt();
  ({ app, tenant } = await startTabApp({ env: { TEAMS_APP_ID: APP_ID } }));
  browser = await launchLocalChromium({
    allowedOrigins: [app.url],
    extraArgs: ['--allow-running-insecure-content', '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'],
    contextOptions: { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' },
  });
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

const coach = (): { id: string; tenantId: string; name: string } => ({
  id: tenant.coach.oid,
  tenantId: tenant.tenantId,
  name: tenant.coach.name,
});

/** The adaptive cards the bot sent into conversations starting with `prefix` that mention `text`. */
function cardsSent(prefix: string, text: string): Record<string, unknown>[] {
  return app.connector
    .sent()
    .filter((a) => a.conversationId.startsWith(prefix))
    .flatMap((a) => (a['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? [])
    .filter((a) => a.contentType === ADAPTIVE && JSON.stringify(a.content).includes(text))
    .map((a) => a.content);
}

/** A card's "Öppna i Idéslussen" as Teams reads it: which tab (entity id) and the context it hands the tab. */
function openedBy(card: Record<string, unknown>): { entityId: string; subEntityId: string; channelId?: string } {
  const action = validateCard(card).getActionById(OPEN_ACTION_ID);
  if (!(action instanceof AC.OpenUrlAction) || !action.url) throw new Error('No "Öppna i Idéslussen" on the card');
  const url = new URL(action.url);
  const match = /^\/l\/entity\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  expect(url.origin).toBe('https://teams.microsoft.com');
  expect(decodeURIComponent(match?.[1] ?? '')).toBe(APP_ID);
  const context = JSON.parse(url.searchParams.get('context') ?? '{}') as { subEntityId: string; channelId?: string };
  return { entityId: decodeURIComponent(match![2]!), ...context };
}

/** Opens the tab Teams would for a deep link: the tab's content address for its entity id, with the sub-page id. */
async function openFromLink(link: { entityId: string; subEntityId: string; channelId?: string }, extra: Partial<TeamsHostOptions> = {}) {
  return openInTeamsHost(browser.context, {
    // The manifest's personal tab "mine" and the configured channel tab "board" (the configuration page's contentUrl).
    tabUrl: `${app.url}/tab/index.html#/${link.entityId === 'mine' ? 'mine' : 'board'}`,
    token: ssoToken,
    entityId: link.entityId,
    subEntityId: link.subEntityId,
    ...(link.channelId ? { channelId: link.channelId } : {}),
    ...extra,
  });
}

async function ideaId(title: string): Promise<string> {
  const page = (await getAs(app, coach(), `/api/ideas?q=${encodeURIComponent(title)}`)).body as IdeaPage;
  return page.items[0]!.id;
}

describe('links from Teams into the tab', () => {
  it("a task card's Öppna i Idéslussen opens the tab it names, at the idea it names", async () => {
    await app.services.notifications.runOnce();
    await app.connector.waitFor(() => cardsSent(`a:personal-${tenant.coach.oid}`, TITLE).length > 0);
    const id = await ideaId(TITLE);
    const [card] = cardsSent(`a:personal-${tenant.coach.oid}`, TITLE);
    expect(card).toBeDefined();
    const link = openedBy(card!);
    expect(link).toEqual({ entityId: 'mine', subEntityId: `idea:${id}` });
    const host = await openFromLink(link);
    try {
      const panel = host.tab().getByRole('dialog', { name: new RegExp(TITLE) });
      await panel.waitFor();
      expect(host.tab().url()).toContain(`#/mine?idea=${id}`);
      expect(browser.blocked.filter((url) => url.startsWith('https://teams.microsoft.com/'))).toEqual([]);
    } finally {
      await host.page.close();
    }
  });

  it("a challenge's channel card opens the team tab's Utmaningar at that challenge", async () => {
    // The coach makes the channel the coach channel, as in Teams: the bot knows it and posts challenges there.
    const link = message('<at>Idéslussen</at> koppla coachkanal', {
      serviceUrl: app.connector.serviceUrl,
      user: { id: tenant.coach.oid, name: tenant.coach.name },
      tenantId: tenant.tenantId,
      conversationType: 'channel',
      conversationId: `${CHANNEL_ID};messageid=1`,
    });
    link['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
    link['channelData'] = { tenant: { id: tenant.tenantId }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID, name: 'Utmaningar' } };
    expect((await app.post('/api/messages', link)).status).toBeLessThan(300);
    const publish = async (title: string): Promise<string> => {
      const body: CreateChallengeRequest = {
        title,
        need: 'Många äldre träffar ingen under vintermånaderna.',
        department: 'Socialförvaltningen',
        openUntil: addDays(stockholmDate(new Date()), 7),
        channels: [CHANNEL_ID],
        idempotencyKey: randomUUID(),
      };
      const res = await app.post('/api/challenges', body, bearer(await tokenFor(app, coach())));
      expect([200, 201]).toContain(res.status);
      return (res.body as ChallengeResponse).challenge.id;
    };
    await publish('Tryggare skolvägar');
    const challengeId = await publish('Färre ensamma äldre på vintern');
    await app.services.notifications.runOnce();
    // The outbox also runs in the background here: its round may be the one that posts the card.
    await app.connector.waitFor(() => cardsSent(CHANNEL_ID, 'Färre ensamma äldre på vintern').length > 0);
    const [card] = cardsSent(CHANNEL_ID, 'Färre ensamma äldre på vintern');
    expect(card).toBeDefined();
    const opened = openedBy(card!);
    expect(opened).toEqual({ entityId: 'board', subEntityId: `challenge:${challengeId}`, channelId: CHANNEL_ID });

    const host = await openFromLink(opened);
    try {
      const tab = host.tab();
      const linked = tab.locator('[data-linked="true"]');
      await linked.waitFor();
      expect(tab.url()).toContain(`#/challenges?challenge=${challengeId}`);
      expect(await linked.getByRole('heading').textContent()).toBe('Färre ensamma äldre på vintern');
      // Focus is on the linked challenge, so a keyboard or screen reader starts there; only it is marked.
      expect(await tab.evaluate(() => document.activeElement?.getAttribute('data-linked'))).toBe('true');
      expect(await tab.getByTestId('challenge').count()).toBe(2);
      expect(await tab.locator('[aria-current="true"]').count()).toBe(1);
    } finally {
      await host.page.close();
    }

    // The same view from the tab's own address in a browser, checked with axe in the three themes and at 320 px.
    const plain = await openBrowser(app.url);
    try {
      for (const [query, width] of [
        ['', undefined],
        ['?theme=dark', undefined],
        ['?theme=contrast', undefined],
        ['', 320],
      ] as const) {
        const page = await plain.open(`#/challenges?challenge=${challengeId}`, {
          as: persona(tenant, tenant.people[2]!, 'employee'),
          query,
          ...(width ? { width } : {}),
        });
        await page.locator('[data-linked="true"]').waitFor();
        expect({ query, width, violations: await seriousViolations(page) }).toEqual({ query, width, violations: [] });
        if (width) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(0);
        }
        await page.close();
      }
    } finally {
      await plain.close();
    }
  });

  /** Clicks "Kopiera länk till idén" in the panel the deep link opened and returns what Teams' clipboard got. */
  async function copyFrom(options: Partial<TeamsHostOptions> & { entityId: string }): Promise<string> {
    const id = await ideaId(TITLE);
    const host = await openFromLink({ entityId: options.entityId, subEntityId: `idea:${id}` }, { clipboard: true, ...options });
    try {
      const panel = host.tab().getByRole('dialog', { name: new RegExp(TITLE) });
      await panel.getByRole('button', { name: 'Kopiera länk till idén' }).click();
      await panel.getByRole('status').filter({ hasText: 'Länken är kopierad.' }).waitFor();
      const written = await host.waitForMessage('clipboard.writeToClipboard');
      const { mimeType, content } = written.args[0] as { mimeType: string; content: string };
      expect(mimeType).toBe('text/plain');
      return Buffer.from(content, 'base64').toString('utf8');
    } finally {
      await host.page.close();
    }
  }

  it("Kopiera länk in a channel's tab copies that team tab's link; the personal tab copies its own", async () => {
    const id = await ideaId(TITLE);
    const teamLink = (entityId: string): string =>
      `https://teams.microsoft.com/l/entity/${APP_ID}/${entityId}?context=${encodeURIComponent(JSON.stringify({ subEntityId: `idea:${id}`, channelId: CHANNEL_ID }))}`;
    // The app id from Teams' context, and the tab's own entity id (here a tab saved under another id).
    expect(await copyFrom({ entityId: 'board', channelId: CHANNEL_ID, appId: APP_ID })).toBe(teamLink('board'));
    expect(await copyFrom({ entityId: 'board-2', channelId: CHANNEL_ID, appId: APP_ID })).toBe(teamLink('board-2'));
    // A client that gives no app id: it is read from the server's own deep link.
    expect(await copyFrom({ entityId: 'board', channelId: CHANNEL_ID })).toBe(teamLink('board'));
    // The personal tab copies the server's link, the one the cards carry.
    const personal = ((await getAs(app, coach(), `/api/ideas/${id}`)).body as { idea: IdeaDetail }).idea.link;
    expect(await copyFrom({ entityId: 'mine', appId: APP_ID })).toBe(personal);
    expect(personal).toBe(
      `https://teams.microsoft.com/l/entity/${APP_ID}/mine?context=${encodeURIComponent(JSON.stringify({ subEntityId: `idea:${id}` }))}`,
    );
  });
});
