/**
 * "Öppna i Idéslussen" on every card: each card the bot sends (through the recording connector),
 * parsed with the official Adaptive Cards parser, carries a Teams deep link to the app's tab at
 * its idea, with the sub-page id `idea:<id>` the tab reads — the personal tab in a personal chat,
 * the team tab in a channel. Without the app's id (a local server) the link is the tab's address.
 * The tab API's getIdea gives the same link (`link`), which the panel's "Kopiera länk" copies.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import type { IdeaDetail } from '../../bot/src/api/contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { IdeaLinks, OPEN_ACTION_ID, withOpenLink } from '../../bot/src/teams/deep-links';
import { renderMonthlyDigestCard, renderWeeklyDigestCard } from '../../bot/src/teams/cards/digest-cards';
import { renderSimilarIdeasCard } from '../../bot/src/teams/cards/similar-ideas-card';
import { renderMonthlyReportCard } from '../../bot/src/teams/stats/monthly-report-card';
import { validateCard } from '../helpers/cards';
import { getAs } from '../api/helpers';
import {
  CHANNEL_ID,
  actionData,
  answeredCard,
  cardOf,
  meetEveryone,
  personalConversation,
  sentTo,
  startCoachFixture,
  type CoachFixture,
} from './coach/fixture';

const APP_ID = '7d3a1f52-0c4b-4e8e-9d59-2a6f1b3c4d5e';

/** Hands in an idea from the tab, whose receipt card reaches the giver through the outbox. */
async function submitFromTab(fx: CoachFixture): Promise<Idea> {
  const result = await fx.app.services.ideas.submit({
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Tekniska förvaltningen' },
    text: {
      title: 'Tryggare gångtunnlar',
      need: 'Gångtunnlarna är mörka på kvällen.',
      idea: 'Rörelsestyrd belysning i tunnlarna.',
      beneficiaries: ['residents'],
      department: 'Tekniska förvaltningen',
    },
    source: 'tab',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

/** The deep link of a card's "Öppna i Idéslussen", read through the official parser. */
function openLink(card: Record<string, unknown>): { url: URL; title: string } {
  const parsed = validateCard(card);
  const action = parsed.getActionById(OPEN_ACTION_ID);
  if (!(action instanceof AC.OpenUrlAction) || !action.url)
    throw new Error(`No "Öppna i Idéslussen" on ${JSON.stringify(card['actions'])}`);
  return { url: new URL(action.url), title: action.title ?? '' };
}

/** What a Teams deep link opens: the tab's entity id and the context Teams hands the tab. */
function target(url: URL): { appId: string; tab: string; subEntityId?: string; channelId?: string } {
  const [, , , appId = '', tab = ''] = url.pathname.split('/');
  const context = JSON.parse(url.searchParams.get('context') ?? '{}') as { subEntityId?: string; channelId?: string };
  return { appId, tab, ...context };
}

describe('IdeaLinks', () => {
  const links = new IdeaLinks({ teamsAppId: APP_ID, baseUrl: () => 'https://ideslussen.example.se' });
  const local = new IdeaLinks({ baseUrl: () => 'http://127.0.0.1:41601' });

  it('makes a Teams deep link to the personal tab, or to the team tab of a channel, with the idea as sub-page', () => {
    const personal = new URL(links.toIdea('idea-42'));
    expect(personal.origin).toBe('https://teams.microsoft.com');
    expect(target(personal)).toEqual({ appId: APP_ID, tab: 'mine', subEntityId: 'idea:idea-42' });
    const channel = new URL(links.toIdea('idea-42', { kind: 'channel', channelId: CHANNEL_ID }));
    expect(target(channel)).toEqual({ appId: APP_ID, tab: 'board', subEntityId: 'idea:idea-42', channelId: CHANNEL_ID });
  });

  it("is the tab's own address without the app's id", () => {
    expect(local.toIdea('idea-42')).toBe('http://127.0.0.1:41601/tab/index.html#/mine?idea=idea-42');
    expect(local.toIdea('idea-42', { kind: 'channel', channelId: CHANNEL_ID })).toBe(
      'http://127.0.0.1:41601/tab/index.html#/board?idea=idea-42',
    );
  });

  it('reads back the idea of its own links, and of nothing else', () => {
    expect(links.ideaIdOf(links.toIdea('idea-42'))).toBe('idea-42');
    expect(links.ideaIdOf(links.toIdea('idea-42', { kind: 'channel', channelId: CHANNEL_ID }))).toBe('idea-42');
    expect(links.ideaIdOf('https://ideslussen.example.se/tab/index.html#/board?stage=testing&idea=idea-7')).toBe('idea-7');
    expect(links.ideaIdOf('https://ideslussen.example.se/tab/#/record?id=idea-8')).toBe('idea-8');
    expect(local.ideaIdOf(local.toIdea('idea-42'))).toBe('idea-42');
    // Another app's deep link, another host, another path, an id outside the server's format, no id.
    const other = new IdeaLinks({ teamsAppId: '11111111-2222-3333-4444-555555555555', baseUrl: () => undefined });
    expect(links.ideaIdOf(other.toIdea('idea-42'))).toBeUndefined();
    expect(links.ideaIdOf('https://evil.example/tab/index.html#/board?idea=idea-7')).toBeUndefined();
    expect(links.ideaIdOf('https://ideslussen.example.se/api/ideas/idea-7')).toBeUndefined();
    expect(links.ideaIdOf('https://ideslussen.example.se/tab/index.html#/board?idea=..')).toBeUndefined();
    expect(links.ideaIdOf('https://ideslussen.example.se/tab/index.html#/board')).toBeUndefined();
    expect(links.ideaIdOf('not a link')).toBeUndefined();
    expect(links.ideaIdOf(`https://teams.microsoft.com/l/entity/${APP_ID}/mine?context=%7Bbroken`)).toBeUndefined();
  });

  it("gives a card the button once, in the reader's language", () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] };
    const once = withOpenLink(card, links.toIdea('a'), 'en');
    expect(withOpenLink(once, links.toIdea('a'), 'en')).toBe(once);
    expect(openLink(once).title).toBe('Open in Idéslussen');
    expect(openLink(withOpenLink(card, links.toIdea('a'), 'sv')).title).toBe('Öppna i Idéslussen');
  });
});

describe('cards that list ideas link each one', () => {
  const links = new IdeaLinks({ teamsAppId: APP_ID, baseUrl: () => undefined });
  const linkOf = (id: string): string => links.toIdea(id);
  const idea = {
    id: 'idea-5',
    number: 5,
    title: 'Ljusare tunnlar',
    department: 'Teknik',
    stage: 'testing',
    coach: { id: 'c', name: 'Karin' },
  };
  const sluice = { name: 'Idéslussen', stageLabels: {}, municipalities: {} } as never;

  it('the weekly and monthly digests', () => {
    const weekly = renderWeeklyDigestCard({ newIdeas: [idea], open: [], overdue: [], answers: [] } as never, sluice, 'sv', linkOf);
    validateCard(weekly);
    expect(JSON.stringify(weekly)).toContain(`[#5 Ljusare tunnlar](${linkOf('idea-5')})`);
    const monthly = renderMonthlyDigestCard(
      { month: '2027-01', tested: [{ idea, event: {} }], implemented: [], closed: [] } as never,
      sluice,
      'sv',
      linkOf,
    );
    validateCard(monthly);
    expect(JSON.stringify(monthly)).toContain(`[#5 Ljusare tunnlar](${linkOf('idea-5')})`);
  });

  it("the similar ideas' Öppna opens the idea in the tab", () => {
    const match = { id: 'idea-5', number: 5, title: 'Ljusare tunnlar', stage: 'testing', department: 'Teknik', tenantId: 't', shared: [] };
    const card = renderSimilarIdeasCard('sv', sluice, 'draft-1', [match] as never, linkOf);
    validateCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"Action.OpenUrl"');
    expect(json).toContain(JSON.stringify(linkOf('idea-5')));
    expect(json).not.toContain('capture.similarOpen');
  });

  it('the monthly report names its implemented ideas with links', () => {
    const figure = { value: 1, previous: 0 };
    const report = {
      period: { from: '2027-01', to: '2027-01' },
      previousPeriod: { from: '2026-12', to: '2026-12' },
      funnel: { submitted: figure, taken: figure, screening: figure, testing: figure, implementing: figure, done: figure, closed: figure },
      outcomes: {
        implemented: figure,
        closedBy: [],
        implementedIdeas: [{ ideaId: 'idea-5', number: 5, title: 'Ljusare tunnlar', at: '', tenantId: 't', department: 'T', effects: [] }],
      },
    };
    const card = renderMonthlyReportCard({
      sluice,
      report: report as never,
      locale: 'sv',
      link: 'https://x.example/stats',
      ideaLink: linkOf,
    });
    validateCard(card);
    expect(JSON.stringify(card)).toContain(`[#5 Ljusare tunnlar](${linkOf('idea-5')})`);
  });
});

describe('cards sent by the bot', () => {
  let fx: CoachFixture;
  beforeAll(async () => {
    fx = await startCoachFixture({ TEAMS_APP_ID: APP_ID });
    await meetEveryone(fx);
  });
  afterAll(() => fx.close());
  beforeEach(() => fx.connector.reset());

  it("the task cards, the giver's confirmation and updates, and a clicked card, each open their idea where they are", async () => {
    const idea = await submitFromTab(fx);
    await fx.drain();
    const coach = [COACH, COACH_2].find((c) => c.id === idea.coach?.id)!;

    const channelCard = cardOf(sentTo(fx, CHANNEL_ID)[0]);
    expect(target(openLink(channelCard).url)).toEqual({
      appId: APP_ID,
      tab: 'board',
      subEntityId: `idea:${idea.id}`,
      channelId: CHANNEL_ID,
    });
    const coachCard = cardOf(sentTo(fx, personalConversation(coach))[0]);
    expect(target(openLink(coachCard).url)).toEqual({ appId: APP_ID, tab: 'mine', subEntityId: `idea:${idea.id}` });
    const confirmation = cardOf(sentTo(fx, personalConversation(GIVER))[0]);
    expect(openLink(confirmation).title).toBe('Öppna i Idéslussen');
    expect(target(openLink(confirmation).url)).toEqual({ appId: APP_ID, tab: 'mine', subEntityId: `idea:${idea.id}` });

    // The card a click answers with (and every refresh) keeps the link, for the channel it is in.
    const copy = (await fx.copiesOf(idea.id, 'task')).find((c) => c.conversationId === CHANNEL_ID)!;
    fx.connector.reset();
    const taken = answeredCard(
      await fx.click(COACH, 'idea.take', actionData(channelCard, 'idea.take'), {
        conversationType: 'channel',
        conversationId: `${CHANNEL_ID};messageid=${copy.activityId}`,
        replyToId: copy.activityId,
      }),
    );
    expect(target(openLink(taken).url)).toMatchObject({ tab: 'board', subEntityId: `idea:${idea.id}`, channelId: CHANNEL_ID });

    // The giver is told, with the link to the personal tab; the updated task cards keep theirs.
    await fx.drain();
    const update = cardOf(sentTo(fx, personalConversation(GIVER))[0]);
    expect(target(openLink(update).url)).toEqual({ appId: APP_ID, tab: 'mine', subEntityId: `idea:${idea.id}` });
    const updates = fx.connector.updates();
    const inChannel = updates.filter((u) => u.conversationId?.startsWith(CHANNEL_ID));
    expect(inChannel.length).toBeGreaterThan(0);
    for (const updated of inChannel)
      expect(target(openLink(cardOf(updated.body)).url)).toMatchObject({
        tab: 'board',
        subEntityId: `idea:${idea.id}`,
        channelId: CHANNEL_ID,
      });
    const personal = updates.filter((u) => u.conversationId === personalConversation(coach));
    expect(personal.length).toBeGreaterThan(0);
    for (const updated of personal)
      expect(target(openLink(cardOf(updated.body)).url)).toMatchObject({ tab: 'mine', subEntityId: `idea:${idea.id}` });
  });

  it("gives the tab's Kopiera länk (getIdea's link) the link the giver's card opens, for everyone of the sluice", async () => {
    const idea = await submitFromTab(fx);
    await fx.drain();
    const confirmation = cardOf(sentTo(fx, personalConversation(GIVER))[0]);
    for (const who of [GIVER, COACH]) {
      const res = await getAs(fx.app, { ...who, tenantId: TENANT }, `/api/ideas/${idea.id}`);
      expect(res.status).toBe(200);
      const { link } = (res.body as { idea: IdeaDetail }).idea;
      expect(link).toBe(openLink(confirmation).url.toString());
      expect(target(new URL(link!))).toEqual({ appId: APP_ID, tab: 'mine', subEntityId: `idea:${idea.id}` });
    }
  });
});

describe('without the Teams app id', () => {
  let fx: CoachFixture;
  beforeAll(async () => {
    fx = await startCoachFixture();
    await meetEveryone(fx);
  });
  afterAll(() => fx.close());

  it("links to the tab's own address at the idea", async () => {
    const idea = await submitFromTab(fx);
    await fx.drain();
    const confirmation = cardOf(sentTo(fx, personalConversation(GIVER))[0]);
    expect(openLink(confirmation).url.toString()).toBe(`${fx.app.url}/tab/index.html#/mine?idea=${idea.id}`);
    const res = await getAs(fx.app, { ...GIVER, tenantId: TENANT }, `/api/ideas/${idea.id}`);
    expect((res.body as { idea: IdeaDetail }).idea.link).toBe(`${fx.app.url}/tab/index.html#/mine?idea=${idea.id}`);
  });
});
