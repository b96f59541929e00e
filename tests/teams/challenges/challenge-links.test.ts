/**
 * A challenge's cards lead into the tab (issue 19, item 3): the channel card has "Öppna i Idéslussen"
 * beside "Svara med en idé", a Teams deep link to the team tab of that channel with the sub-page id
 * `challenge:<id>` the tab opens in its Utmaningar view; clicking "Svara med en idé" starts the chat
 * with the challenge's title linked to it in the personal tab; the owner's summary in their personal
 * chat links the personal tab at the challenge, and each idea line links that idea (`idea:<id>`). Sent
 * through the whole server, the embedded Cosmos and a recording Bot Framework connector; every card
 * is read with the official Adaptive Cards parser.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import type { ChallengeResponse, CreateChallengeRequest } from '../../../bot/src/api/challenge-contracts';
import { addDays, stockholmDate } from '../../../bot/src/domain/working-days';
import { COACH, GIVER, TENANT, message } from '../../../bot/src/local/activities';
import { OPEN_ACTION_ID } from '../../../bot/src/teams/deep-links';
import { startTestApp, type TestApp } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';
import { bearer, tokenFor } from '../../api/helpers';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';
const CHANNEL_ID = '19:utmaningar@thread.tacv2';
const TEAM_ID = '19:idelabbet@thread.tacv2';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let app: TestApp;
const coach = { ...COACH, tenantId: TENANT };

beforeAll(async () => {
  app = await startTestApp(
    { OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0', TEAMS_APP_ID: APP_ID },
    { connector: true, meet: [COACH, GIVER], clock },
  );
  // The coach makes this channel the coach channel: the bot now knows it and may post challenges there.
  const activity = message('<at>Idéslussen</at> koppla coachkanal', {
    serviceUrl: app.connector.serviceUrl,
    user: COACH,
    conversationType: 'channel',
    conversationId: `${CHANNEL_ID};messageid=1`,
  });
  activity['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
  activity['channelData'] = { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID, name: 'Utmaningar' } };
  expect((await app.post('/api/messages', activity)).status).toBeLessThan(300);
  await app.services.notifications.runOnce();
  app.connector.reset();
});
afterAll(() => app.close());

function cardsIn(conversationPrefix: string, containing: string): Record<string, unknown>[] {
  return app.connector
    .sent()
    .filter((a) => a.conversationId.startsWith(conversationPrefix))
    .flatMap((a) => (a['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? [])
    .filter((a) => a.contentType === ADAPTIVE && JSON.stringify(a.content).includes(containing))
    .map((a) => a.content);
}

/** What a Teams deep link opens: the tab's entity id and the context Teams hands the tab. */
function deepLink(url: string): { entityId: string; context: Record<string, unknown> } {
  const parsed = new URL(url);
  const match = /^\/l\/entity\/([^/]+)\/([^/]+)$/.exec(parsed.pathname);
  expect(parsed.origin).toBe('https://teams.microsoft.com');
  expect(match?.[1]).toBe(APP_ID);
  return {
    entityId: decodeURIComponent(match![2]!),
    context: JSON.parse(parsed.searchParams.get('context') ?? '{}') as Record<string, unknown>,
  };
}

function openLink(card: Record<string, unknown>): string {
  const action = validateCard(card).getActionById(OPEN_ACTION_ID);
  if (!(action instanceof AC.OpenUrlAction) || !action.url) throw new Error('No "Öppna i Idéslussen"');
  expect(action.title).toBe('Öppna i Idéslussen');
  return action.url;
}

async function publish(form: Partial<CreateChallengeRequest>): Promise<ChallengeResponse['challenge']> {
  const body: CreateChallengeRequest = {
    title: 'Färre ensamma äldre på vintern',
    need: 'Många äldre i hemtjänsten träffar ingen under vintermånaderna.',
    department: 'Socialförvaltningen',
    openUntil: addDays(stockholmDate(clock.now()), 7),
    channels: [CHANNEL_ID],
    idempotencyKey: randomUUID(),
    ...form,
  };
  const res = await app.post('/api/challenges', body, bearer(await tokenFor(app, coach)));
  expect([200, 201]).toContain(res.status);
  return (res.body as ChallengeResponse).challenge;
}

it("the channel card opens the team tab's Utmaningar at the challenge, beside Svara med en idé", async () => {
  const made = await publish({ title: 'Tryggare skolvägar' });
  await app.services.notifications.runOnce();
  const [card] = cardsIn(CHANNEL_ID, 'Tryggare skolvägar');
  expect(card).toBeDefined();
  expect(deepLink(openLink(card!))).toEqual({
    entityId: 'board',
    context: { subEntityId: `challenge:${made.id}`, channelId: CHANNEL_ID },
  });
  expect(card!['actions']).toEqual([
    expect.objectContaining({
      type: 'Action.Submit',
      title: 'Svara med en idé',
      data: { verb: 'capture.challenge', challengeId: made.id },
    }),
  ]);
});

it("the owner's summary opens the personal tab at the challenge, and each idea line opens that idea", async () => {
  const made = await publish({ title: 'Mindre matsvinn i skolan', openUntil: stockholmDate(clock.now()) });
  const ideas = [];
  for (const title of ['Väg matsvinnet', 'Mindre portioner först']) {
    const answered = await app.services.ideas.submit({
      giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Utbildningsförvaltningen' },
      text: { title, need: 'Mycket mat slängs', idea: 'Pröva det', beneficiaries: ['staff'], department: 'Utbildningsförvaltningen' },
      source: 'chat',
      idempotencyKey: randomUUID(),
      challengeId: made.id,
    });
    if (!answered.ok) throw new Error(answered.error);
    ideas.push(answered.idea);
  }
  await app.services.notifications.runOnce();
  app.connector.reset();
  offsetMs += 2 * 86_400_000;
  await app.services.reminders.runOnce();
  await app.services.notifications.runOnce();

  const [summary] = cardsIn(`a:personal-${COACH.id}`, 'Utmaningen är stängd');
  expect(summary).toBeDefined();
  expect(deepLink(openLink(summary!))).toEqual({ entityId: 'mine', context: { subEntityId: `challenge:${made.id}` } });
  // Each line "[#12 Titel](link) · Inkommen · Förvaltning": the link is the idea's own card link.
  const lines = JSON.stringify(summary).match(/\[#\d+ [^\]]+\]\([^)]+\)/g) ?? [];
  expect(lines).toHaveLength(2);
  const opened = lines.map((line) => deepLink(/\]\(([^)]+)\)/.exec(line)![1]!));
  expect(opened).toEqual(ideas.map((i) => ({ entityId: 'mine', context: { subEntityId: `idea:${i.id}` } })));
});

it('"Svara med en idé" starts the capture in the personal chat, naming the challenge with a link to it in the personal tab', async () => {
  const made = await publish({ title: 'Fler cyklar i hemtjänsten' });
  await app.services.notifications.runOnce();
  app.connector.reset();
  const click = message('', {
    serviceUrl: app.connector.serviceUrl,
    user: GIVER,
    conversationType: 'channel',
    conversationId: `${CHANNEL_ID};messageid=2`,
    value: { verb: 'capture.challenge', challengeId: made.id },
  });
  click['channelData'] = { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } };
  expect((await app.post('/api/messages', click)).status).toBe(200);
  const first = app.connector.sent().find((a) => a.conversationId === `a:personal-${GIVER.id}`);
  const text = String(first?.['text'] ?? '');
  const match = /^Du svarar på utmaningen \[Fler cyklar i hemtjänsten\]\(([^)]+)\)\./.exec(text);
  expect(match).not.toBeNull();
  expect(deepLink(match![1]!)).toEqual({ entityId: 'mine', context: { subEntityId: `challenge:${made.id}` } });
  await app.post('/api/messages', message('avbryt', { serviceUrl: app.connector.serviceUrl, user: GIVER }));
});
