/**
 * A coach in a tenant where nobody has written to the bot yet: no connector is known there, so
 * nobody in it can be reached. The idea is not just a failed job: it shows "no reachable coach",
 * the admins are told once (an admin the bot knows in another member tenant), and the task card
 * waits in the outbox; once anyone in the tenant has written to the bot, the card goes out, once.
 * Through the whole server, the embedded Cosmos server and a recording connector.
 */
import { noConnectorEventId } from '../../../bot/src/domain/reminders/unreachable';
import { NO_CONNECTOR_RETRY_MS } from '../../../bot/src/teams/coach/deliveries';
import { COACH, COACH_2, GIVER, OTHER_TENANT, TENANT } from '../../../bot/src/local/activities';
import { movableClock } from '../reminders/clock';
import { cardOf, startCoachFixture, textOf, type CoachFixture, type Person } from './fixture';

const ADMIN: Person = { id: 'ad000000-0000-4000-8000-000000000001', name: 'Lena Ek' };
const clock = movableClock('2026-11-24', 10);
let fx: CoachFixture;

function texts(): Array<{ conversationId: string; text: string }> {
  return fx.connector.sent().map((a) => ({
    conversationId: a.conversationId,
    text: a['attachments'] ? textOf(cardOf(a)) : String(a['text']),
  }));
}

beforeAll(async () => {
  fx = await startCoachFixture({}, undefined, { clock });
  const found = await fx.app.storage.sluices.get('default');
  if (!found) throw new Error('no default sluice');
  // A sluice of two tenants; its admin has met the bot in the other one, nobody in TENANT has.
  await fx.app.storage.sluices.replace(
    {
      ...found.value,
      tenantIds: [TENANT, OTHER_TENANT],
      coaches: [COACH, COACH_2].map((c) => ({ id: c.id, name: c.name })),
      admins: [ADMIN.id],
      digestsQueued: { weekly: '9999-12-31', monthly: '9999-12' },
    },
    found.etag,
  );
  expect(await fx.say(ADMIN, 'hjälp', { tenantId: OTHER_TENANT })).toBeLessThan(300);
  fx.connector.reset();
}, 60_000);
afterAll(async () => {
  await fx?.close();
});

it('marks the idea, tells the admin once, and sends the task card once someone in the tenant has written', async () => {
  const idea = await fx.submit(GIVER, 'Belysning i gångtunneln');
  const coach = idea.coach;
  if (!coach) throw new Error('The idea got no coach');
  await fx.drain();

  const stored = (await fx.idea(idea.id)).value;
  const event = stored.history.find((e) => e.id === noConnectorEventId(idea.id, coach.id));
  expect(event).toMatchObject({ kind: 'coachUnreachable', unreachable: { id: coach.id } });
  expect(event?.coach).toBeUndefined();
  expect(stored.coach?.id).toBe(coach.id);
  expect(stored.noReachableCoach).toBe(event?.at);
  const toAdmin = texts().filter((t) => t.conversationId === `a:personal-${ADMIN.id}`);
  expect(toAdmin).toHaveLength(1);
  expect(toAdmin[0]?.text).toContain(`Idéslussen kan ännu inte nå idécoachen ${coach.name} för idé #${idea.number}`);
  expect(toAdmin[0]?.text).toContain('skriva "hjälp" till boten');
  expect(texts().filter((t) => t.text.includes('Belysning i gångtunneln') && t.conversationId !== `a:personal-${ADMIN.id}`)).toEqual([]);
  // The card waits in the outbox rather than failing.
  const task = (await fx.jobsOf(idea.id)).find((j) => j.eventKind === 'submitted');
  expect(task?.status).toBe('pending');
  expect(task?.steps.find((s) => s.step.kind === 'postTaskCard' && s.step.to === 'coach')?.status).toBe('pending');

  // Tried again before anyone in the tenant wrote: still waiting, the admin is not told again.
  fx.connector.reset();
  clock.set('2026-11-24', 12);
  await fx.drain();
  expect(texts()).toEqual([]);

  // Someone in the tenant writes to the bot; at the next try the card goes out, once.
  expect(await fx.say(GIVER, 'hjälp')).toBeLessThan(300);
  fx.connector.reset();
  clock.set('2026-11-24', 12 + (2 * NO_CONNECTOR_RETRY_MS) / 3_600_000);
  await fx.drain();
  const cards = texts().filter((t) => t.text.includes('Belysning i gångtunneln'));
  expect(cards).toHaveLength(1);
  expect(cards[0]?.conversationId).toBe(`a:personal-${coach.id}`);
  expect(texts().filter((t) => t.conversationId === `a:personal-${ADMIN.id}`)).toEqual([]);

  fx.connector.reset();
  clock.set('2026-11-25', 10);
  await fx.drain();
  expect(texts()).toEqual([]);
  expect((await fx.jobsOf(idea.id)).every((j) => j.status === 'done')).toBe(true);
});
