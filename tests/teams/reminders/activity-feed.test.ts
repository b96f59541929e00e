/**
 * A reminder reaches the coach's Teams activity feed (the bell) as well as the chat, through the
 * real Graph adapter and the local Graph stand-in: one `ideaReminder` notification per reminder,
 * none for the giver, and one `ideaTask` for the new idea's task card before it.
 */
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { graphEnvironment, startTestGraph, TEAMS_CATALOG_APP_ID, type GraphStandIn } from '../../helpers/graph-standin';
import { meetEveryone, personalConversation, sentTo, startCoachFixture, type CoachFixture } from '../coach/fixture';
import { movableClock } from './clock';

const clock = movableClock('2026-11-23');
let graph: GraphStandIn;
let fx: CoachFixture;

beforeAll(async () => {
  graph = await startTestGraph();
  fx = await startCoachFixture(graphEnvironment(graph), undefined, { clock });
  await meetEveryone(fx, { channel: false });
  // They wrote to the bot, so the app is installed for them (Graph sends feed notifications only then).
  for (const person of [COACH, COACH_2, GIVER]) graph.install(person.id, TEAMS_CATALOG_APP_ID);
  // Reminders only: the digests are recorded as sent for every round to come.
  const sluice = (await fx.app.storage.sluices.get('default'))!;
  await fx.app.storage.sluices.replace({ ...sluice.value, digestsQueued: { weekly: '9999-12-31', monthly: '9999-12' } }, sluice.etag);
});
afterAll(async () => {
  await fx?.close();
  await graph?.stop();
});

it('raises the task card and then the reminder in the coach’s activity feed, once each', async () => {
  const idea = await fx.submit();
  await fx.drain();
  const coach = idea.coach?.id === COACH.id ? COACH : COACH_2;
  const types = () => graph.notifications.filter((n) => n.userId === coach.id).map((n) => n.body['activityType']);
  expect(types()).toEqual(['ideaTask']);

  // Tuesday 1 Dec, 09:00: the 6th working day without anyone taking it.
  clock.set('2026-12-01', 9);
  expect((await fx.app.services.reminders.runOnce()).events).toBe(1);
  await fx.drain();
  expect(sentTo(fx, personalConversation(coach)).length).toBeGreaterThan(0);
  expect(types()).toEqual(['ideaTask', 'ideaReminder']);
  const reminder = graph.notifications.filter((n) => n.userId === coach.id).at(-1);
  expect(reminder).toMatchObject({
    tenantId: TENANT,
    body: {
      previewText: { content: `Väntar på dig: #${idea.number} ${idea.title}` },
      // A click opens the idea in the app.
      topic: { source: 'text', value: `#${idea.number} ${idea.title}`, webUrl: expect.stringContaining(encodeURIComponent(idea.id)) },
    },
  });
  expect(graph.notifications.some((n) => n.userId === GIVER.id)).toBe(false);

  // Draining and scanning again the same day raises nothing more.
  await fx.drain();
  clock.set('2026-12-01', 15);
  expect((await fx.app.services.reminders.runOnce()).events).toBe(0);
  await fx.drain();
  expect(types()).toEqual(['ideaTask', 'ideaReminder']);
}, 60_000);
