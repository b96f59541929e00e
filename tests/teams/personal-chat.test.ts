/**
 * Reaching a person the bot has not met: with no coach channel and a coach who never wrote to
 * the bot, the task card still arrives, because the bot knows the tenant's connector from the
 * giver's own chat.
 */
import { userKey } from '../../bot/src/domain/conversations';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { cardOf, personalConversation, sentTo, startCoachFixture, textOf, type CoachFixture } from './coach/fixture';

let fx: CoachFixture;

beforeAll(async () => {
  fx = await startCoachFixture();
});
afterAll(async () => {
  await fx.close();
});

describe('a personal chat with someone the bot has not met', () => {
  it('is opened with the service URL the bot knows for the tenant from the giver', async () => {
    await fx.say(GIVER, 'hjälp');
    for (const coach of [COACH, COACH_2]) expect(await fx.app.storage.conversations.get(userKey(TENANT, coach.id))).toBeUndefined();
    expect((await fx.app.storage.sluices.get('default'))?.value.coachChannel).toBeUndefined();
    fx.connector.reset();

    const idea = await fx.submit();
    await fx.drain();
    const assigned = idea.coach?.id;
    expect([COACH.id, COACH_2.id]).toContain(assigned);
    const created = fx.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(created).toHaveLength(1);
    expect(created[0]?.body).toMatchObject({ isGroup: false, members: [{ id: assigned }], tenantId: TENANT });
    const [card] = sentTo(fx, `a:personal-${assigned}`);
    expect(textOf(cardOf(card))).toContain(`Ny idé #${idea.number}`);
    const [job] = await fx.jobsOf(idea.id);
    expect(job).toMatchObject({ status: 'done' });
    // The new chat is remembered: the next message to the coach needs no new conversation.
    const stored = await fx.app.storage.conversations.get(userKey(TENANT, assigned ?? ''));
    expect(stored?.reference).toMatchObject({ conversation: { id: `a:personal-${assigned}` } });
  });

  it('is not opened when Teams refuses it: the stale chat stays marked and the card goes to the next coach', async () => {
    // Both coaches have a stored chat.
    await fx.say(COACH, 'hjälp');
    await fx.say(COACH_2, 'hjälp');
    const idea = await fx.submit(GIVER, 'Bättre skyltning');
    const coachId = idea.coach?.id ?? '';
    const other = coachId === COACH.id ? COACH_2 : COACH;
    const key = userKey(TENANT, coachId);
    expect((await fx.app.storage.conversations.get(key))?.staleSince).toBeUndefined();
    const before = fx.connector.calls.length;
    // The stored chat answers 403 (app removed), and so does opening a new one (not installed).
    fx.connector.failNext(403, 2);
    await fx.drain();
    // No new chat is forced on the refusing coach; its chat stays marked stale.
    expect(fx.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.path === '/v3/conversations')).toHaveLength(0);
    expect((await fx.app.storage.conversations.get(key))?.staleSince).toEqual(expect.any(String));
    // The task card reaches the next coach instead (the reroute itself is tested in the unreachable-coach suite).
    expect(
      sentTo(fx, personalConversation(other))
        .filter((a) => a['attachments'])
        .map((a) => textOf(cardOf(a)))
        .join('\n'),
    ).toContain(`Ny idé #${idea.number}`);
  });
});
