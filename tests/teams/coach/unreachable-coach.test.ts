/**
 * No idea without a reachable coach: when Teams refuses a chat with the responsible coach (the
 * app is not installed for them), the task card goes to the next coach in the round-robin, the
 * idea's coach changes with a history event, and the admins and the coach channel are told which
 * coach cannot be reached and what to do — once, through the outbox, however often it runs. When
 * nobody can be reached, the idea shows it on the board. Through the whole server, the embedded
 * Cosmos server and a recording connector that refuses chats.
 */
import type { BoardResponse, IdeaResponse } from '../../../bot/src/api/contracts';
import { withAbsence } from '../../../bot/src/domain/reminders/absence';
import type { Sluice } from '../../../bot/src/domain/sluice';
import { unreachableEventId } from '../../../bot/src/domain/reminders/unreachable';
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { getAs, schemaChecker } from '../../api/helpers';
import { CHANNEL_ID, cardOf, personalConversation, sentTo, startCoachFixture, textOf, type CoachFixture, type Person } from './fixture';

const COACH_3: Person = { id: 'c0ac0000-0000-4000-8000-000000000003', name: 'Sara Nilsson' };
const ADMIN: Person = { id: 'ad000000-0000-4000-8000-000000000001', name: 'Lena Ek' };

let fx: CoachFixture;
let check: (schema: string, body: unknown) => void;

/** The sluice's coaches in this order (named), ADMIN its only admin. */
async function setCoaches(order: readonly Person[], away: Partial<Record<string, string>> = {}): Promise<void> {
  const found = await fx.app.storage.sluices.get('default');
  if (!found) throw new Error('no default sluice');
  let sluice: Sluice = { ...found.value, coaches: order.map((c) => ({ id: c.id, name: c.name })), admins: [ADMIN.id] };
  for (const [id, until] of Object.entries(away)) sluice = withAbsence(sluice, id, until) ?? sluice;
  await fx.app.storage.sluices.replace(sluice, found.etag);
}

function channelTexts(): string[] {
  return fx.connector
    .sent()
    .filter((a) => a.conversationId.startsWith(CHANNEL_ID))
    .map((a) => (a['attachments'] ? textOf(cardOf(a)) : String(a['text'])));
}

beforeAll(async () => {
  fx = await startCoachFixture();
  check = await schemaChecker(fx.app);
  await setCoaches([COACH, COACH_2, COACH_3]);
  // The bot has met the giver, the admin and COACH_2; COACH and COACH_3 never opened the app.
  for (const person of [GIVER, ADMIN, COACH_2]) expect(await fx.say(person, 'hjälp')).toBeLessThan(300);
  expect(await fx.sayInChannel(COACH_2, 'koppla coachkanal')).toBeLessThan(300);
  fx.connector.refuseNewChats((id) => id === COACH.id || id === COACH_3.id);
  fx.connector.reset();
}, 60_000);
afterAll(async () => {
  await fx?.close();
});

describe('when no coach can be reached', () => {
  it('tries every present coach once, tells the admin about each, and shows "no reachable coach" until a coach acts', async () => {
    // COACH_2, the one coach the bot can reach, is away: round-robin and the reroute skip them.
    await setCoaches([COACH, COACH_2, COACH_3], { [COACH_2.id]: '2099-01-10' });
    const idea = await fx.submit(GIVER, 'Belysning i gångtunneln');
    expect(idea.coach?.id).toBe(COACH.id);
    await fx.drain();

    const stored = (await fx.idea(idea.id)).value;
    const moves = stored.history.filter((e) => e.kind === 'coachUnreachable');
    expect(moves.map((e) => [e.unreachable?.name, e.coach?.name])).toEqual([
      [COACH.name, COACH_3.name],
      [COACH_3.name, undefined],
    ]);
    expect(stored.noReachableCoach).toBe(moves[1]?.at);
    expect(stored.coach?.id).toBe(COACH_3.id);
    expect(sentTo(fx, personalConversation(COACH))).toHaveLength(0);
    expect(sentTo(fx, personalConversation(COACH_2))).toHaveLength(0);

    const toAdmin = sentTo(fx, personalConversation(ADMIN)).map((a) => String(a['text']));
    expect(toAdmin).toHaveLength(2);
    expect(toAdmin[0]).toContain(`Idéslussen når inte idécoachen ${COACH.name}`);
    expect(toAdmin[0]).toContain(`har därför gått till ${COACH_3.name}`);
    expect(toAdmin[0]).toContain(`installera appen Idéslussen för ${COACH.name}`);
    expect(toAdmin[1]).toContain(`Ingen idécoach kan nås för idé #${idea.number}`);
    expect(toAdmin[1]).toContain(`installera appen Idéslussen för ${COACH_3.name}`);
    expect(channelTexts().filter((t) => t.includes('Idéslussen når inte') || t.includes('Ingen idécoach kan nås'))).toHaveLength(2);

    // The board and the panel show the state, as the API describes it.
    const board = await getAs(fx.app, { ...ADMIN, tenantId: TENANT }, '/api/board');
    expect(board.status).toBe(200);
    check('BoardResponse', board.body);
    const card = (board.body as BoardResponse).columns.submitted.items.find((c) => c.id === idea.id);
    expect(card?.noReachableCoach).toEqual({ since: stored.noReachableCoach });
    const panel = await getAs(fx.app, { ...ADMIN, tenantId: TENANT }, `/api/ideas/${idea.id}`);
    check('IdeaResponse', panel.body);
    expect((panel.body as IdeaResponse).idea.noReachableCoach).toEqual({ since: stored.noReachableCoach });

    // A coach taking it has it in hand.
    const taken = await fx.app.services.ideas.act('default', idea.id, { ...COACH_2, tenantId: TENANT }, { type: 'take' });
    expect(taken.ok && taken.idea.value.noReachableCoach).toBeUndefined();
    await setCoaches([COACH, COACH_2, COACH_3]);
    await fx.drain();
    fx.connector.reset();
  }, 60_000);
});

describe('when the responsible coach cannot be reached', () => {
  it('sends the card to the next coach, changes the coach with a history event and tells the admin and the channel once', async () => {
    // In this order round-robin gives the idea to COACH, and the next after COACH is COACH_2.
    fx.connector.refuseNewChats((id) => id === COACH.id);
    await setCoaches([COACH_3, COACH, COACH_2]);
    const idea = await fx.submit(GIVER, 'Lånecyklar för personal');
    expect(idea.coach?.id).toBe(COACH.id);
    await fx.drain();

    const stored = (await fx.idea(idea.id)).value;
    expect(stored.coach).toEqual({ id: COACH_2.id, name: COACH_2.name });
    expect(stored.noReachableCoach).toBeUndefined();
    const move = stored.history.find((e) => e.kind === 'coachUnreachable');
    expect(move).toMatchObject({
      id: unreachableEventId(idea.id, COACH.id),
      actor: { id: 'ideslussen' },
      unreachable: { id: COACH.id, name: COACH.name },
      coach: { id: COACH_2.id, name: COACH_2.name },
    });

    expect(sentTo(fx, personalConversation(COACH))).toHaveLength(0);
    const toCoach2 = sentTo(fx, personalConversation(COACH_2));
    expect(toCoach2).toHaveLength(1);
    expect(textOf(cardOf(toCoach2[0]))).toContain(`Ny idé #${idea.number}`);
    expect(textOf(cardOf(toCoach2[0]))).toContain(COACH_2.name);

    const toAdmin = sentTo(fx, personalConversation(ADMIN)).map((a) => String(a['text']));
    expect(toAdmin).toEqual([expect.stringContaining(`Idéslussen når inte idécoachen ${COACH.name}.`)]);
    expect(toAdmin[0]).toContain(`Idé #${idea.number} "Lånecyklar för personal" har därför gått till ${COACH_2.name}`);
    expect(toAdmin[0]).toContain('Gör så här: installera appen Idéslussen');
    expect(channelTexts().filter((t) => t.includes(`Idéslussen når inte idécoachen ${COACH.name}`))).toHaveLength(1);

    const toGiver = sentTo(fx, personalConversation(GIVER));
    expect(toGiver.map((a) => textOf(cardOf(a)))).toEqual([expect.stringContaining(`Din idé har fått en ny idécoach: ${COACH_2.name}`)]);

    const [submitted] = (await fx.jobsOf(idea.id)).filter((j) => j.eventKind === 'submitted');
    expect(submitted?.steps.find((s) => s.key === `postTaskCard:coach:${COACH.id}`)).toMatchObject({ status: 'done' });
  }, 60_000);

  it('sends nothing twice: not on a repeated step, not from the recovery sweep, not when the coach later writes to the bot', async () => {
    const idea = (await fx.app.storage.ideas.list('default', { filter: { coachId: COACH_2.id }, sort: 'newest', pageSize: 1 })).items[0];
    if (!idea) throw new Error('no idea from the previous test');
    fx.connector.reset();

    // A crash before the step's outcome was saved: the submitted job runs its coach step again.
    const [job] = (await fx.jobsOf(idea.id)).filter((j) => j.eventKind === 'submitted');
    if (!job) throw new Error('no submitted job');
    const found = await fx.outbox.get(idea.id, job.id);
    if (!found) throw new Error('job not readable');
    await fx.outbox.replace(
      {
        ...found.value,
        status: 'pending',
        dueAtMs: 0,
        attempts: 0,
        steps: found.value.steps.map((s) => (s.key === `postTaskCard:coach:${COACH.id}` ? { ...s, status: 'pending' } : s)),
      },
      found.etag,
    );
    await fx.drain();
    expect(await fx.app.services.notifications.sweepOnce(0)).toBe(0);
    await fx.drain();
    expect(fx.connector.sent()).toEqual([]);

    // The coach installs the app and writes to the bot: only the answer to what they wrote.
    fx.connector.refuseNewChats(undefined);
    expect(await fx.say(COACH, 'hjälp')).toBeLessThan(300);
    await fx.drain();
    const toCoach = sentTo(fx, personalConversation(COACH));
    expect(toCoach.length).toBeGreaterThan(0);
    for (const activity of toCoach) expect(JSON.stringify(activity)).not.toContain(`#${idea.number}`);
    expect(sentTo(fx, personalConversation(ADMIN))).toHaveLength(0);
    expect((await fx.idea(idea.id)).value.history.filter((e) => e.kind === 'coachUnreachable')).toHaveLength(1);
  }, 60_000);
});
