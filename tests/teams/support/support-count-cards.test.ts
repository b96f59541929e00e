/**
 * The support count on cards the bot has already posted: a support is no change of the idea, so
 * its posted task cards (the coach channel's and the coach's personal chat's) are brought to the
 * count by an outbox job per idea and few seconds, through the recording connector and the embedded
 * Cosmos, on a clock the test moves. Supports come from the tab API and the shared card's button at
 * once; the count on every posted card is exact, and every updated card passes the official parser.
 */
import { randomUUID } from 'node:crypto';
import type { Idea } from '../../../bot/src/domain/idea';
import type { Clock } from '../../../bot/src/domain/clock';
import { SUPPORT_CARDS_GRACE_MS, SUPPORT_CARDS_WINDOW_MS } from '../../../bot/src/domain/support-cards';
import { TENANT } from '../../../bot/src/local/activities';
import { SUPPORT_VERB } from '../../../bot/src/teams/coach/verbs';
import { validateCard } from '../../helpers/cards';
import { bearer, tokenFor, type Who } from '../../api/helpers';
import { meetEveryone, startCoachFixture, type CoachFixture } from '../coach/fixture';

let nowMs = Date.parse('2026-11-03T08:00:00.000Z');
const clock: Clock = { now: () => new Date(nowMs) };

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture({}, undefined, { clock });
  await meetEveryone(fx);
});
afterAll(() => fx?.close());

const colleague = (i: number): Who => ({
  id: `61e00000-0000-4000-8000-${String(5000 + i).padStart(12, '0')}`,
  name: `Kollega ${i}`,
  tenantId: TENANT,
});

async function support(method: 'PUT' | 'DELETE', who: Who, idea: Idea): Promise<number> {
  return (await fx.app.call(method, `/api/ideas/${idea.id}/support`, undefined, bearer(await tokenFor(fx.app, who)))).status;
}

/** The newest update of each posted copy of the idea's task card, each checked with the parser. */
async function latestCards(idea: Idea): Promise<string[]> {
  const copies = await fx.copiesOf(idea.id, 'task');
  expect(copies.length).toBe(2);
  return copies.map((copy) => {
    const update = fx.connector
      .updates()
      .filter((u) => u.activityId === copy.activityId)
      .at(-1);
    expect(update).toBeDefined();
    const card = (update!.body['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content;
    validateCard(card);
    return JSON.stringify(card);
  });
}

/** Past the support window and its grace: the job is due. */
async function afterWindow(): Promise<void> {
  nowMs += SUPPORT_CARDS_WINDOW_MS + SUPPORT_CARDS_GRACE_MS;
  await fx.drain();
}

describe('the support count on posted task cards', () => {
  it('is exact on every posted copy after 20 people support at once, and one person 20 times on the shared card', async () => {
    const idea = await fx.submit(undefined, 'Lånecyklar till hemtjänsten');
    await fx.drain();
    expect((await fx.copiesOf(idea.id, 'task')).length).toBe(2);
    fx.connector.reset();
    const etag = (await fx.idea(idea.id)).etag;

    const people = Array.from({ length: 20 }, (_, i) => colleague(i + 1));
    const one = { id: '61e00000-0000-4000-8000-0000000000e1', name: 'Åsa Lind' };
    const data = { ideaId: idea.id, sluiceId: idea.sluiceId };
    const [api, clicks] = await Promise.all([
      Promise.all(people.map((p) => support('PUT', p, idea))),
      Promise.all(Array.from({ length: 20 }, () => fx.click(one, SUPPORT_VERB, data))),
    ]);
    expect(api).toEqual(people.map(() => 200));
    expect(clicks.map((c) => c.statusCode)).toEqual(clicks.map(() => 200));
    // Nothing is posted before the window ends, and the burst is one job, not forty.
    expect(fx.connector.updates()).toHaveLength(0);
    expect((await fx.jobsOf(idea.id)).filter((j) => j.eventKind === 'support')).toHaveLength(1);

    await afterWindow();
    for (const card of await latestCards(idea)) expect(card).toContain('21 stödjer idén');
    // The idea itself did not change: a coach's open panel stays current.
    expect((await fx.idea(idea.id)).etag).toBe(etag);
  });

  it('follows a support taken back, and drops the line when nobody supports the idea', async () => {
    const idea = await fx.submit(undefined, 'Gemensam bilpool');
    await fx.drain();
    fx.connector.reset();
    const [a, b] = [colleague(31), colleague(32)];
    expect(await support('PUT', a, idea)).toBe(200);
    expect(await support('PUT', b, idea)).toBe(200);
    await afterWindow();
    for (const card of await latestCards(idea)) expect(card).toContain('2 stödjer idén');

    expect(await support('DELETE', a, idea)).toBe(200);
    await afterWindow();
    for (const card of await latestCards(idea)) expect(card).toContain('1 stödjer idén');

    // Taking back a support that is not there changes nothing and updates nothing.
    fx.connector.reset();
    expect(await support('DELETE', a, idea)).toBe(200);
    await afterWindow();
    expect(fx.connector.updates()).toHaveLength(0);

    expect(await support('DELETE', b, idea)).toBe(200);
    await afterWindow();
    for (const card of await latestCards(idea)) expect(card).not.toContain('stödjer idén');
  });

  it('has a support stored while an update is being sent on the cards after the next window', async () => {
    const idea = await fx.submit(undefined, `Matsvinn i skolköket ${randomUUID().slice(0, 4)}`);
    await fx.drain();
    fx.connector.reset();
    expect(await support('PUT', colleague(41), idea)).toBe(200);
    nowMs += SUPPORT_CARDS_WINDOW_MS + SUPPORT_CARDS_GRACE_MS;
    // The worker sends the update while a second support is stored.
    await Promise.all([fx.drain(), support('PUT', colleague(42), idea)]);
    await afterWindow();
    for (const card of await latestCards(idea)) expect(card).toContain('2 stödjer idén');
  });
});
