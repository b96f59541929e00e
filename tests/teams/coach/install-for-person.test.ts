/**
 * Reaching a coach who never opened the app: Teams refuses a chat with them, so the server
 * installs the app for them through Graph (the local stand-in) and then opens the chat and sends
 * the task card — once, even when Graph throttles the first try and the outbox runs again.
 */
import { userKey } from '../../../bot/src/domain/conversations';
import { graphEnvironment, startTestGraph, TEAMS_CATALOG_APP_ID, type GraphStandIn } from '../../helpers/graph-standin';
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { cardOf, sentTo, startCoachFixture, textOf, type CoachFixture } from './fixture';

let graph: GraphStandIn;
let fx: CoachFixture;

beforeAll(async () => {
  graph = await startTestGraph();
  fx = await startCoachFixture(graphEnvironment(graph));
});
afterAll(async () => {
  await fx?.close();
  await graph?.stop();
});

describe('a coach the bot has no chat with and who never installed the app', () => {
  it('gets the app installed through Graph and then the task card, once, though Graph answers 429 first', async () => {
    await fx.say(GIVER, 'hjälp');
    fx.connector.refuseNewChats((id) => !graph.isInstalled(id, TEAMS_CATALOG_APP_ID));
    const idea = await fx.submit();
    const coachId = idea.coach?.id ?? '';
    expect([COACH.id, COACH_2.id]).toContain(coachId);
    expect(await fx.app.storage.conversations.get(userKey(TENANT, coachId))).toBeUndefined();
    const before = graph.calls.length;
    graph.failNext(429, 1, 1);

    await fx.drain();
    await fx.drain();

    const installs = graph.calls.slice(before).filter((c) => c.path === `/v1.0/users/${coachId}/teamwork/installedApps`);
    expect(installs.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 429', 'GET 200', 'POST 201']);
    expect(graph.isInstalled(coachId, TEAMS_CATALOG_APP_ID)).toBe(true);
    const cards = sentTo(fx, `a:personal-${coachId}`);
    expect(cards).toHaveLength(1);
    expect(textOf(cardOf(cards[0]))).toContain(`Ny idé #${idea.number}`);
    const [job] = await fx.jobsOf(idea.id);
    expect(job?.steps.find((s) => s.key === `postTaskCard:coach:${coachId}`)).toMatchObject({ status: 'done' });
    expect((await fx.app.storage.conversations.get(userKey(TENANT, coachId)))?.reference).toMatchObject({
      conversation: { id: `a:personal-${coachId}` },
    });
    // The bell too: one activity feed notification of the manifest's ideaTask type, with the idea.
    const bell = graph.notifications.filter((n) => n.userId === coachId);
    expect(bell).toHaveLength(1);
    expect(bell[0]).toMatchObject({
      tenantId: TENANT,
      body: {
        activityType: 'ideaTask',
        teamsAppId: TEAMS_CATALOG_APP_ID,
        previewText: { content: `Ny idé att ta hand om: #${idea.number} ${idea.title}` },
        templateParameters: [{ name: 'idea', value: `#${idea.number} ${idea.title}` }],
      },
    });
  }, 60_000);

  it('stays unreachable, as a state, when Graph may not install the app (no catalog id): nothing installed, the idea goes to the other coach', async () => {
    const other = await startCoachFixture(graphEnvironment(graph, { teamsAppId: false }), fx.connector);
    try {
      await other.say(GIVER, 'hjälp');
      const idea = await other.submit(GIVER, 'Lånecyklar för personal');
      const coachId = idea.coach?.id ?? '';
      fx.connector.refuseNewChats((id) => id === coachId);
      fx.connector.reset();
      const before = graph.calls.length;
      await other.drain();
      expect(graph.calls.slice(before).filter((c) => c.path.endsWith('/teamwork/installedApps'))).toEqual([]);
      expect(sentTo(other, `a:personal-${coachId}`)).toEqual([]);
      const stored = await other.idea(idea.id);
      const otherCoach = coachId === COACH.id ? COACH_2 : COACH;
      expect(stored.value.coach?.id).toBe(otherCoach.id);
      expect(stored.value.history.at(-1)).toMatchObject({
        kind: 'coachUnreachable',
        unreachable: { id: coachId },
        coach: { id: otherCoach.id },
      });
      // The other coach is an admin too (the default sluice's admins are its coaches): the card, and what to do.
      const [cards, notes] = [
        sentTo(other, `a:personal-${otherCoach.id}`).filter((a) => a['attachments']),
        sentTo(other, `a:personal-${otherCoach.id}`).filter((a) => !a['attachments']),
      ];
      expect(notes.map((a) => String(a['text']))).toEqual([expect.stringContaining('Gör så här: installera appen Idéslussen')]);
      expect(cards).toHaveLength(1);
      expect(textOf(cardOf(cards[0]))).toContain(`Ny idé #${idea.number}`);
    } finally {
      fx.connector.refuseNewChats(undefined);
      await other.close();
    }
  }, 60_000);
});
