/**
 * "Sök idéer" (composeExtension/query) and link previews (composeExtension/queryLink) through the
 * bot's HTTP endpoint, with the whole server on the embedded Cosmos server: results come only from
 * the caller's own sluice (decided from the caller's tenant), each result is an idea card (checked
 * with the official Adaptive Cards parser, version 1.3 as link previews require) whose "Öppna i
 * Idéslussen" opens the tab at that idea; a link to another sluice's idea or an unknown id gets no
 * preview, exactly like a link that names nothing.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import type { Idea } from '../../../bot/src/domain/idea';
import { createSluice } from '../../../bot/src/domain/sluice';
import { GIVER, OTHER_TENANT, TENANT, invoke, type ActivityOptions } from '../../../bot/src/local/activities';
import { IdeaLinks, OPEN_ACTION_ID } from '../../../bot/src/teams/deep-links';
import { SEARCH_IDEAS_COMMAND, SEARCH_PARAMETER } from '../../../bot/src/teams/search/search-ideas';
import { startTestApp, type TestApp } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';
const THIRD_TENANT = '33333333-3333-4333-8333-333333333333';
const NEIGHBOUR = { id: '61e00000-0000-4000-8000-0000000000f1', name: 'Per Grann' };
const CHANNEL = '19:idetorget@thread.tacv2';

type Json = Record<string, unknown>;
interface Attachment {
  contentType: string;
  content: Json;
  preview?: { contentType: string; content: { title?: string; text?: string } };
}
interface Answer {
  composeExtension: { type: string; attachmentLayout?: string; attachments?: Attachment[]; text?: string };
}

let app: TestApp;
let swim: Idea;
let lights: Idea;
let elsewhere: Idea;
const links = new IdeaLinks({ teamsAppId: APP_ID, baseUrl: () => undefined });

async function submit(title: string, need: string, idea: string, tenantId = TENANT, giver = GIVER): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...giver, tenantId, locale: 'sv', department: 'Kultur- och fritidsförvaltningen' },
    text: { title, need, idea, beneficiaries: ['residents'], department: 'Kultur- och fritidsförvaltningen' },
    source: 'chat',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0', TEAMS_APP_ID: APP_ID }, { connector: true });
  await app.storage.sluices.create(
    createSluice({ id: 'other', name: 'Grannslussen', tenantIds: [OTHER_TENANT], coachIds: [], now: new Date() }),
  );
  swim = await submit(
    'Påminn föräldrar om simskolan',
    'Barn missar simskolan för att föräldrarna glömmer.',
    'Sms dagen före simlektionen.',
  );
  lights = await submit('Ljus i gångtunnlarna', 'Tunnlarna är mörka på kvällen.', 'Rörelsestyrd belysning.');
  // The same words in another sluice: never found from the default sluice.
  elsewhere = await submit('Simskola för vuxna', 'Vuxna som aldrig lärt sig simma.', 'Simskola på kvällen.', OTHER_TENANT, NEIGHBOUR);
  await app.services.similar.refresh();
});
afterAll(() => app?.close());

async function post(name: string, value: Json, extra: Partial<ActivityOptions> = {}): Promise<Answer> {
  const res = await app.post(
    '/api/messages',
    invoke(name, value, { serviceUrl: app.connector.serviceUrl, conversationType: 'groupChat', ...extra }),
  );
  expect(res.status).toBe(200);
  return res.body as Answer;
}

function search(words: string | undefined, extra: Partial<ActivityOptions> = {}): Promise<Answer> {
  const parameters = words === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: SEARCH_PARAMETER, value: words }];
  return post('composeExtension/query', { commandId: SEARCH_IDEAS_COMMAND, parameters, queryOptions: { skip: 0, count: 25 } }, extra);
}

/** The ideas (by sub-page id) the answer's cards open, each card parsed and its preview checked. */
function opened(answer: Answer): string[] {
  expect(answer.composeExtension.type).toBe('result');
  return (answer.composeExtension.attachments ?? []).map((a) => {
    expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.content['version']).toBe('1.3');
    expect(a.preview?.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    const action = validateCard(a.content).getActionById(OPEN_ACTION_ID);
    if (!(action instanceof AC.OpenUrlAction) || !action.url) throw new Error('No "Öppna i Idéslussen"');
    const context = JSON.parse(new URL(action.url).searchParams.get('context') ?? '{}') as { subEntityId: string };
    return context.subEntityId;
  });
}

describe('Sök idéer', () => {
  it("finds the caller's sluice's ideas for a few words, never another sluice's", async () => {
    const answer = await search('simskola');
    const ideas = opened(answer);
    expect(ideas[0]).toBe(`idea:${swim.id}`);
    expect(ideas).not.toContain(`idea:${elsewhere.id}`);
    const first = answer.composeExtension.attachments?.[0];
    expect(first?.preview?.content.title).toBe(`#${swim.number} Påminn föräldrar om simskolan`);
    expect(JSON.stringify(first?.content)).toContain('Barn missar simskolan');
    expect(JSON.stringify(first?.content)).not.toContain(GIVER.name);
  });

  it("gives the other sluice's people their own ideas only", async () => {
    expect(opened(await search('simskola', { user: NEIGHBOUR, tenantId: OTHER_TENANT }))).toEqual([`idea:${elsewhere.id}`]);
  });

  it('finds an idea by its number, and lists the newest when the command opens', async () => {
    expect(opened(await search(`#${lights.number}`))[0]).toBe(`idea:${lights.id}`);
    const newest = opened(await search(undefined));
    expect(newest.slice(0, 2)).toEqual([`idea:${lights.id}`, `idea:${swim.id}`]);
    expect(newest).not.toContain(`idea:${elsewhere.id}`);
  });

  it('says so when nothing matches, or when the caller has no sluice', async () => {
    const none = await search('helikopterplatta');
    expect(none.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('Inga idéer i Idéslussen') as unknown });
    const outside = await search('simskola', { tenantId: THIRD_TENANT });
    expect(outside.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('ingen idésluss') as unknown });
  });

  it('links a card inserted in a channel to the team tab there', async () => {
    const answer = await post(
      'composeExtension/query',
      { commandId: SEARCH_IDEAS_COMMAND, parameters: [{ name: SEARCH_PARAMETER, value: 'simskola' }] },
      { conversationType: 'channel', conversationId: `${CHANNEL};messageid=1` },
    );
    const action = validateCard(answer.composeExtension.attachments?.[0]?.content ?? {}).getActionById(OPEN_ACTION_ID);
    const url = new URL(action instanceof AC.OpenUrlAction ? (action.url ?? '') : '');
    expect(url.pathname).toBe(`/l/entity/${APP_ID}/board`);
    expect(JSON.parse(url.searchParams.get('context') ?? '')).toEqual({ subEntityId: `idea:${swim.id}`, channelId: CHANNEL });
  });
});

describe('link previews', () => {
  it("shows the idea's card for a link to an idea of the caller's sluice, as a deep link or the tab's address", async () => {
    expect(opened(await post('composeExtension/queryLink', { url: links.toIdea(swim.id) }))).toEqual([`idea:${swim.id}`]);
    const web = `${app.url}/tab/index.html#/board?stage=submitted&idea=${lights.id}`;
    expect(opened(await post('composeExtension/queryLink', { url: web }))).toEqual([`idea:${lights.id}`]);
  });

  it("shows nothing for another sluice's idea, an unknown id, another app's link or no link, alike", async () => {
    const other = new IdeaLinks({ teamsAppId: '11111111-2222-3333-4444-555555555555', baseUrl: () => undefined });
    for (const url of [
      links.toIdea(elsewhere.id),
      links.toIdea('no-such-idea'),
      other.toIdea(swim.id),
      `${app.url}/tab/index.html#/board`,
      'https://teams.microsoft.com/l/entity/x/mine?context=%7B',
      '',
    ]) {
      expect(await post('composeExtension/queryLink', { url })).toEqual({
        composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] },
      });
    }
    // The neighbour's own idea is previewed for the neighbour.
    expect(
      opened(await post('composeExtension/queryLink', { url: links.toIdea(elsewhere.id) }, { user: NEIGHBOUR, tenantId: OTHER_TENANT })),
    ).toEqual([`idea:${elsewhere.id}`]);
  });

  it('answers a redelivered query the same and stores nothing', async () => {
    const before = (await app.services.ideas.get('default', swim.id))?.etag;
    const activity = invoke('composeExtension/queryLink', { url: links.toIdea(swim.id) }, { serviceUrl: app.connector.serviceUrl });
    const first = await app.post('/api/messages', activity);
    const again = await app.post('/api/messages', activity);
    expect(again.body).toEqual(first.body);
    expect((await app.services.ideas.get('default', swim.id))?.etag).toBe(before);
    expect(app.connector.sent()).toHaveLength(0);
  });
});
