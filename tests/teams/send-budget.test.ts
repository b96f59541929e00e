/**
 * A turn never waits for a slow Teams: against a connector that throttles with a long
 * Retry-After or does not answer at all, the turn ends within its send budget and its reply is
 * handed to the outbox, which sends it once Teams answers again.
 */
import type { NotificationJob } from '../../bot/src/domain/outbox';
import { startTestApp, type TestApp } from '../helpers/app';
import { startRecordingConnector, type RecordingConnector } from '../../bot/src/local/connector';
import { GIVER, message } from '../../bot/src/local/activities';
import { actionData, Chat, ideasOf, newUser } from './capture/capture-app';

let app: TestApp;
/** The app's one clock; a test moves it past a Retry-After. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let connector: RecordingConnector;
const conversationId = `a:personal-${GIVER.id}`;

beforeAll(async () => {
  connector = await startRecordingConnector();
  // The outbox is paused, so what the turn handed over waits until the test sends it.
  app = await startTestApp({ OUTBOX_POLL_MS: '0', TURN_SEND_BUDGET_MS: '1500', CONNECTOR_TIMEOUT_MS: '700' }, { clock });
});
afterAll(async () => {
  await app.close();
  await connector.stop();
});
beforeEach(() => {
  connector.reset();
  offsetMs = 0;
});

async function lateReplyJobs(activityId: string): Promise<NotificationJob[]> {
  const { resources } = await app.storage.containers.outbox.items
    .query<NotificationJob>({
      query: "SELECT * FROM c WHERE c.type = 'job' AND c.eventKind = 'reply' AND c.eventId = @id",
      parameters: [{ name: '@id', value: activityId }],
    })
    .fetchAll();
  return resources;
}

const helpCards = (): unknown[] =>
  connector
    .sent()
    .filter((a) => a.conversationId === conversationId)
    .flatMap((a) => (a['attachments'] as Array<{ contentType: string }> | undefined) ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');

describe('the in-turn send budget', () => {
  it('hands the reply to the outbox when Teams answers 429 with Retry-After: 30, and the outbox sends it', async () => {
    connector.failNext(429, 1, 30);
    const activity = message('hjälp', { serviceUrl: connector.serviceUrl, user: GIVER });
    const answer = await app.post('/api/messages', activity);
    expect(answer.status).toBe(200);
    // The throttled try is the only one: the turn did not wait out the Retry-After to try again.
    expect(helpCards()).toHaveLength(0);
    const [job, ...others] = await lateReplyJobs(activity['id'] as string);
    expect(others).toHaveLength(0);
    expect(job).toMatchObject({ status: 'pending', ideaId: `reply:${conversationId}` });
    expect(job?.steps).toEqual([expect.objectContaining({ key: 'reply:0', status: 'pending' })]);
    // Not before Teams' Retry-After has passed.
    expect(job?.dueAtMs).toBeGreaterThanOrEqual(Date.parse(job?.createdAt ?? '') + 30_000);
    expect(await app.services.notifications.runOnce()).toBe(0);

    offsetMs = 31_000;
    expect(await app.services.notifications.runOnce()).toBe(1);
    expect(helpCards()).toHaveLength(1);
    const [sent] = connector.sent().filter((a) => a.conversationId === conversationId);
    // A new message in the giver's chat, not a reply to the old activity.
    expect(sent?.['replyToId']).toBeUndefined();
    const [done] = await lateReplyJobs(activity['id'] as string);
    expect(done).toMatchObject({ status: 'done' });
  });

  it('gives up on a connector that does not answer, and the outbox sends the reply later', async () => {
    connector.hangNext(1);
    const activity = message('hjälp', { serviceUrl: connector.serviceUrl, user: GIVER });
    const answer = await app.post('/api/messages', activity);
    expect(answer.status).toBe(200);
    // The turn's one try reached the connector and was never answered.
    expect(connector.calls.filter((c) => c.conversationId === conversationId)).toHaveLength(1);
    expect(await lateReplyJobs(activity['id'] as string)).toHaveLength(1);

    connector.reset();
    expect(await app.services.notifications.runOnce()).toBe(1);
    expect(helpCards()).toHaveLength(1);
  });

  it('stores the late reply once when Teams redelivers the same activity', async () => {
    connector.hangNext(2);
    const activity = message('hjälp', { serviceUrl: connector.serviceUrl, user: GIVER });
    expect((await app.post('/api/messages', activity)).status).toBe(200);
    expect((await app.post('/api/messages', activity)).status).toBe(200);
    expect(await lateReplyJobs(activity['id'] as string)).toHaveLength(1);
    connector.reset();
    await app.services.notifications.runOnce();
    expect(helpCards()).toHaveLength(1);
  });

  it('sends in the turn, not through the outbox, when Teams answers in time', async () => {
    const activity = message('hjälp', { serviceUrl: connector.serviceUrl, user: GIVER });
    expect((await app.post('/api/messages', activity)).status).toBe(200);
    expect(helpCards()).toHaveLength(1);
    expect(await lateReplyJobs(activity['id'] as string)).toHaveLength(0);
  });

  it('holds a card update of the turn to the same budget: a 429 with Retry-After: 30 on the summary is not waited out', async () => {
    const giver = new Chat(() => ({ url: app.url, connector }), { user: newUser('Berit Ek') });
    await giver.say('ny idé');
    await giver.say('Cykelpool');
    await giver.say('Bilarna räcker inte till alla hembesök.');
    const who = await giver.pastSimilar(await giver.say('Elcyklar till hemtjänsten.'));
    await giver.click({ ...actionData(who.cards[0] ?? {}, 'Klart'), beneficiaries: 'staff' });
    const summary = await giver.say('Vård och omsorg');
    // The summary card's update is the submission turn's first call to Teams; Teams throttles it for 30 s.
    connector.failNext(429, 1, 30);
    const submitted = await giver.click(actionData(summary.cards[0] ?? {}, 'Skicka in'), 'summary-in-budget');
    expect(submitted.status).toBe(200);
    // Nothing reached Teams in the turn: the throttled update was tried once and not waited out (a
    // 30 s wait would outlast the test), and the confirmation after it went to the outbox.
    expect(submitted.updated).toEqual([]);
    expect(submitted.sent).toEqual([]);
    expect(await ideasOf(app, giver.options.user.id)).toHaveLength(1);
    const jobs = await app.storage.containers.outbox.items
      .query<NotificationJob>({
        query: "SELECT * FROM c WHERE c.type = 'job' AND c.eventKind = 'reply' AND c.ideaId = @conversation",
        parameters: [{ name: '@conversation', value: `reply:a:personal-${giver.options.user.id}` }],
      })
      .fetchAll();
    expect(jobs.resources).toHaveLength(1);
  });
});
