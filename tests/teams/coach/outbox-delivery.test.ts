/**
 * The outbox worker against a connector that misbehaves: throttling (429) is retried with
 * back-off honouring Retry-After and the message arrives once; 403/404 marks the conversation
 * reference stale and stops; several workers never send one job twice.
 */
import { userKey } from '../../../bot/src/domain/conversations';
import { IdeaService } from '../../../bot/src/domain/idea-service';
import { MAX_DELIVERY_ROUNDS, notificationListener, retryDelayMs } from '../../../bot/src/domain/notifications';
import { CosmosIdeaRepository } from '../../../bot/src/adapters/cosmos/idea-repository';
import { CosmosOutboxRepository } from '../../../bot/src/adapters/cosmos/outbox-repository';
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { CHANNEL_ID, cardOf, meetEveryone, personalConversation, sentTo, startCoachFixture, textOf, type CoachFixture } from './fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
  await meetEveryone(fx);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => fx.connector.reset());

async function takeNewIdea(): Promise<string> {
  const idea = await fx.submit();
  await fx.drain();
  const current = await fx.idea(idea.id);
  const answer = await fx.click(COACH, 'idea.take', { ideaId: idea.id, sluiceId: 'default', etag: current.etag, version: 1 });
  expect(answer.statusCode).toBe(200);
  fx.connector.reset();
  return idea.id;
}

describe('the outbox worker', () => {
  it('delivers once when the connector answers 429 and then 200', async () => {
    const ideaId = await takeNewIdea();
    // More 429s than the Bot Framework client retries by itself (3), so the outbox's own retry is needed.
    fx.connector.failNext(429, 4);
    expect(await fx.app.services.notifications.runOnce()).toBe(1);
    const [job] = (await fx.jobsOf(ideaId)).filter((j) => j.eventKind === 'taken');
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job?.steps.find((s) => s.key === 'updateTaskCards')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.any(String),
    });
    // Retry-After: 0 from the connector: due again at once, no back-off wait.
    expect(job?.dueAtMs).toBeLessThanOrEqual(Date.now());

    await fx.drain();
    const [done] = (await fx.jobsOf(ideaId)).filter((j) => j.eventKind === 'taken');
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(done?.steps.every((s) => s.status === 'done')).toBe(true);
    expect(sentTo(fx, personalConversation(GIVER))).toHaveLength(1);
    const copies = await fx.copiesOf(ideaId, 'task');
    // One successful update per copy; the throttled attempts never reached the connector's log.
    expect(
      fx.connector
        .updates()
        .map((u) => u.activityId)
        .sort(),
    ).toEqual(copies.map((c) => c.activityId).sort());
  });

  it('marks the reference stale on 403 and does not retry; a new message from the person refreshes it', async () => {
    const ideaId = await takeNewIdea();
    const copies = await fx.copiesOf(ideaId, 'task');
    // Every call of this round: the card updates (a removed message is skipped), the giver's note
    // and the attempt to open a new chat with the giver (refused too: the app was removed).
    fx.connector.failNext(403, copies.length + 2);
    await fx.drain();
    const [job] = (await fx.jobsOf(ideaId)).filter((j) => j.eventKind === 'taken');
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
    expect(job?.steps.find((s) => s.key === 'tellGiver')).toMatchObject({ status: 'failed' });
    expect(sentTo(fx, personalConversation(GIVER))).toHaveLength(0);
    const stale = await fx.app.storage.conversations.get(userKey(TENANT, GIVER.id));
    expect(stale?.staleSince).toEqual(expect.any(String));

    await fx.say(GIVER, 'hjälp');
    expect((await fx.app.storage.conversations.get(userKey(TENANT, GIVER.id)))?.staleSince).toBeUndefined();
  });

  it('opens a personal chat through the connector when the bot cannot reach the coach', async () => {
    for (const coach of [COACH, COACH_2]) await fx.app.storage.conversations.markStale(userKey(TENANT, coach.id), new Date().toISOString());
    try {
      const idea = await fx.submit();
      const assigned = idea.coach!.id;
      await fx.drain();
      const created = fx.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
      expect(created).toHaveLength(1);
      expect(created[0]?.body).toMatchObject({ isGroup: false, members: [{ id: assigned }], tenantId: TENANT });
      const [card] = sentTo(fx, `a:personal-${assigned}`);
      expect(textOf(cardOf(card))).toContain(`Ny idé #${idea.number}`);
      expect((await fx.copiesOf(idea.id, 'task')).map((c) => c.conversationId)).toContain(`a:personal-${assigned}`);
    } finally {
      for (const coach of [COACH, COACH_2]) await fx.say(coach, 'hjälp');
    }
  });

  it('gives up after the last delivery round: the failing steps are marked failed, never retried again', async () => {
    const ideaId = await takeNewIdea();
    const [job] = (await fx.jobsOf(ideaId)).filter((j) => j.eventKind === 'taken');
    const stored = await fx.outbox.get(ideaId, job!.id);
    // The job has already been tried in every round but the last.
    await fx.outbox.replace({ ...stored!.value, attempts: MAX_DELIVERY_ROUNDS - 1 }, stored!.etag);
    fx.connector.failNext(500, 100);
    await fx.app.services.notifications.runOnce();
    const [after] = (await fx.jobsOf(ideaId)).filter((j) => j.eventKind === 'taken');
    expect(after).toMatchObject({ status: 'done', attempts: MAX_DELIVERY_ROUNDS });
    expect(after?.steps.some((s) => s.status === 'failed')).toBe(true);
    expect(after?.steps.some((s) => s.status === 'pending')).toBe(false);

    fx.connector.reset();
    await fx.drain();
    expect(sentTo(fx, personalConversation(GIVER))).toHaveLength(0);
  });

  it('never sends a job twice when several workers run at once', async () => {
    const idea = await fx.submit();
    await Promise.all([
      fx.app.services.notifications.runOnce(),
      fx.app.services.notifications.runOnce(),
      fx.app.services.notifications.runOnce(),
    ]);
    await fx.drain();
    expect(sentTo(fx, CHANNEL_ID)).toHaveLength(1);
    expect(textOf(cardOf(sentTo(fx, CHANNEL_ID)[0]))).toContain(`Ny idé #${idea.number}`);
  });

  it('writes a job once to claim it, once per step, and not once more to finish it', async () => {
    const replace = jest.spyOn(CosmosOutboxRepository.prototype, 'replace');
    let idea;
    let replaced: number;
    try {
      idea = await fx.submit();
      await fx.drain();
      replaced = replace.mock.calls.length;
    } finally {
      replace.mockRestore();
    }
    const jobs = await fx.jobsOf(idea.id);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.status)).toEqual(jobs.map(() => 'done'));
    expect(jobs.flatMap((j) => j.steps.map((s) => s.status)).every((status) => status !== 'pending')).toBe(true);
    // The last step's save is the job's finish: a claim and one write per step.
    const writes = jobs.reduce((sum, j) => sum + 1 + j.steps.length, 0);
    expect(replaced).toBe(writes);
    expect(sentTo(fx, CHANNEL_ID)).toHaveLength(1);
  });

  it('delivers from the idea as this instance just stored it, and reads it for a change another instance made', async () => {
    const get = jest.spyOn(CosmosIdeaRepository.prototype, 'get');
    try {
      const idea = await fx.submit();
      get.mockClear();
      await fx.drain();
      // The new idea's task card: from the idea the submission stored, no read.
      expect(get).not.toHaveBeenCalled();
      expect(textOf(cardOf(sentTo(fx, CHANNEL_ID)[0]))).toContain(`Ny idé #${idea.number}`);

      // Another instance takes it and queues the job: the copy here lacks that event, so the idea is read.
      const other = new IdeaService(new CosmosIdeaRepository(fx.app.storage.containers.ideas), fx.app.storage.sluices, {
        now: () => new Date(),
      });
      other.listen(notificationListener(fx.outbox, { now: () => new Date() }, { warn: () => undefined }));
      const taken = await other.act('default', idea.id, { ...COACH, tenantId: TENANT }, { type: 'take' });
      expect(taken.ok).toBe(true);
      fx.connector.reset();
      get.mockClear();
      await fx.drain();
      expect(get.mock.calls.filter(([, id]) => id === idea.id).length).toBeGreaterThan(0);
      const updated = fx.connector.updates();
      expect(updated.length).toBeGreaterThan(0);
      for (const update of updated) expect(textOf(cardOf(update.body))).toContain(COACH.name);
    } finally {
      get.mockRestore();
    }
  });

  it('takes over a job whose worker died once its lease has run out', async () => {
    const idea = await fx.submit();
    const [job] = await fx.jobsOf(idea.id);
    const stored = await fx.outbox.get(idea.id, job!.id);
    // Another instance claimed it and died: its lease runs for a minute.
    await fx.outbox.replace({ ...stored!.value, leaseOwner: 'dead-instance', dueAtMs: Date.now() + 60_000 }, stored!.etag);
    expect(await fx.app.services.notifications.runOnce()).toBe(0);
    expect(sentTo(fx, CHANNEL_ID)).toHaveLength(0);
    const leased = await fx.outbox.get(idea.id, job!.id);
    await fx.outbox.replace({ ...leased!.value, dueAtMs: Date.now() - 1 }, leased!.etag);
    await fx.drain();
    expect(sentTo(fx, CHANNEL_ID)).toHaveLength(1);
  });
});

describe('retry back-off', () => {
  it('honours Retry-After and otherwise grows exponentially up to 10 minutes', () => {
    expect(retryDelayMs(3, 7_000)).toBe(7_000);
    expect(retryDelayMs(1, undefined, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(4, undefined, () => 0.5)).toBe(16_000);
    expect(retryDelayMs(30, undefined, () => 0.5)).toBe(600_000);
    expect(retryDelayMs(2, undefined, () => 0)).toBe(3_200);
  });
});
