/**
 * A challenge through the whole server, the embedded Cosmos and a recording Bot Framework
 * connector: published to a channel the bot knows (the coach channel), its card posted once
 * however often the form is sent, and closed by the scheduler once its last day has passed —
 * with two schedulers at once, the owner gets exactly one summary card.
 */
import { randomUUID } from 'node:crypto';
import { CosmosChallengeRepository } from '../../../bot/src/adapters/cosmos/challenge-repository';
import { CosmosOutboxRepository } from '../../../bot/src/adapters/cosmos/outbox-repository';
import type { ChallengeResponse, ChallengesResponse, CreateChallengeRequest } from '../../../bot/src/api/challenge-contracts';
import { ChallengeClosing } from '../../../bot/src/domain/challenge-jobs';
import { addDays, stockholmDate } from '../../../bot/src/domain/working-days';
import { COACH, GIVER, TENANT, message } from '../../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../../helpers/app';
import { validateCard } from '../../helpers/cards';
import { bearer, getAs, tokenFor } from '../../api/helpers';

const CHANNEL_ID = '19:utmaningar@thread.tacv2';
const TEAM_ID = '19:idelabbet@thread.tacv2';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The one clock of the app, moved by the tests. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let app: TestApp;
const coach = { ...COACH, tenantId: TENANT };

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0' }, { connector: true, meet: [COACH, GIVER], clock });
  // The coach makes this channel the coach channel, as in Teams: the bot now knows it.
  const activity = message('<at>Idéslussen</at> koppla coachkanal', {
    serviceUrl: app.connector.serviceUrl,
    user: COACH,
    conversationType: 'channel',
    conversationId: `${CHANNEL_ID};messageid=1`,
  });
  activity['entities'] = [{ type: 'mention', mentioned: { id: '28:bot', name: 'Idéslussen' }, text: '<at>Idéslussen</at>' }];
  activity['channelData'] = { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID, name: 'Utmaningar' } };
  expect((await app.post('/api/messages', activity)).status).toBeLessThan(300);
  await app.services.notifications.runOnce();
  app.connector.reset();
});
afterAll(() => app.close());
beforeEach(() => app.connector.reset());

function cardsIn(conversationPrefix: string) {
  return app.connector
    .sent()
    .filter((a) => a.conversationId.startsWith(conversationPrefix))
    .flatMap((a) => (a['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? [])
    .filter((a) => a.contentType === ADAPTIVE)
    .map((a) => a.content);
}

async function publish(form: Partial<CreateChallengeRequest>): Promise<ChallengeResponse['challenge']> {
  const body: CreateChallengeRequest = {
    title: 'Färre ensamma äldre på vintern',
    need: 'Många äldre i hemtjänsten träffar ingen under vintermånaderna. Hur kan vi ändra på det?',
    department: 'Socialförvaltningen',
    openUntil: addDays(stockholmDate(clock.now()), 7),
    channels: [CHANNEL_ID],
    idempotencyKey: randomUUID(),
    ...form,
  };
  const res = await app.post('/api/challenges', body, bearer(await tokenFor(app, coach)));
  expect([200, 201]).toContain(res.status);
  return (res.body as ChallengeResponse).challenge;
}

/** The challenge cards posted in the channel (the coach channel also gets the task cards of new ideas). */
const challengeCards = () => cardsIn(CHANNEL_ID).filter((c) => JSON.stringify(c).includes('Utmaning ·'));

describe('a challenge in Teams', () => {
  it('offers the channels the bot knows, and posts the card there once however often the form is sent', async () => {
    const offered = (await getAs(app, coach, '/api/challenges')).body as ChallengesResponse;
    expect(offered.channels.map((c) => c.conversationId)).toEqual([CHANNEL_ID]);

    const key = randomUUID();
    const made = await publish({ title: 'Tryggare skolvägar', idempotencyKey: key });
    await publish({ title: 'Tryggare skolvägar', idempotencyKey: key });
    await app.services.notifications.runOnce();
    await app.services.notifications.runOnce();

    const cards = challengeCards();
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Tryggare skolvägar');
    expect(text).toContain('Socialförvaltningen');
    const actions = card['actions'] as Array<{ type: string; title: string; data: Record<string, unknown> }>;
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'Svara med en idé',
        data: { verb: 'capture.challenge', challengeId: made.id },
      }),
    ]);
  });

  it('"Svara med en idé" in the channel starts the capture in the personal chat, and the idea records the challenge', async () => {
    const made = await publish({ title: 'Fler cyklar i hemtjänsten' });
    await app.services.notifications.runOnce();
    app.connector.reset();
    const click = message('', {
      serviceUrl: app.connector.serviceUrl,
      user: GIVER,
      conversationType: 'channel',
      conversationId: `${CHANNEL_ID};messageid=2`,
      value: { verb: 'capture.challenge', challengeId: made.id },
    });
    click['channelData'] = { tenant: { id: TENANT }, team: { id: TEAM_ID }, channel: { id: CHANNEL_ID } };
    expect((await app.post('/api/messages', click)).status).toBe(200);
    // Teams redelivers the click: nothing starts twice.
    expect((await app.post('/api/messages', click)).status).toBe(200);

    const personal = `a:personal-${GIVER.id}`;
    const started = app.connector.sent().filter((a) => a.conversationId === personal);
    expect(started.map((a) => String(a['text'] ?? ''))[0]).toMatch(
      // The title links to the challenge in the tab (a local server's address here).
      /Du svarar på utmaningen \[Fler cyklar i hemtjänsten\]\(http:\/\/127\.0\.0\.1:\d+\/tab\/index\.html#\/challenges\?challenge=[^)]+\)\./,
    );
    // The channel's thread hears nothing.
    expect(app.connector.sent().filter((a) => a.conversationId.startsWith(CHANNEL_ID))).toEqual([]);
    // Answering the challenge asks no "Hör idén till …" question.
    expect(JSON.stringify(started)).not.toContain('Hör idén till någon av de här utmaningarna?');

    const say = (text: string) => app.post('/api/messages', message(text, { serviceUrl: app.connector.serviceUrl, user: GIVER }));
    for (const answer of [
      'Elcyklar',
      'Bilarna räcker inte till alla hembesök i hemtjänsten.',
      'Köp elcyklar till hemtjänstens grupper.',
      'medarbetare',
      'Socialförvaltningen',
      'skicka in',
    ])
      expect((await say(answer)).status).toBe(200);

    const listed = ((await getAs(app, coach, '/api/challenges')).body as ChallengesResponse).items.find((c) => c.id === made.id);
    expect(listed?.ideas.map((i) => i.title)).toEqual(['Elcyklar']);
    const sluice = await app.services.ideas.sluiceFor(TENANT);
    const stored = await app.storage.ideas.get(sluice!.value.id, listed!.ideas[0]!.id);
    expect(stored?.value.challengeId).toBe(made.id);
  });

  it('asks in a new chat draft whether the idea answers one of the open challenges, and records the pick', async () => {
    const made = await publish({ title: 'Mindre buller i matsalen' });
    app.connector.reset();
    const say = (text: string, value?: unknown) =>
      app.post('/api/messages', message(text, { serviceUrl: app.connector.serviceUrl, user: COACH, ...(value ? { value } : {}) }));
    expect((await say('ny idé')).status).toBe(200);
    const personal = `a:personal-${COACH.id}`;
    const choice = cardsIn(personal).find((c) => JSON.stringify(c).includes('Hör idén till någon av de här utmaningarna?'));
    expect(choice).toBeDefined();
    validateCard(choice!);
    const actions = choice!['actions'] as Array<{ title: string; data: Record<string, unknown> }>;
    expect(actions.at(-1)?.title).toBe('Nej, ingen av dem');
    const pick = actions.find((a) => a.title === 'Mindre buller i matsalen');
    expect(pick?.data).toMatchObject({ verb: 'capture.challengePick', challengeId: made.id });
    // Never a wall: the title is simply typed, then the challenge picked.
    expect((await say('Ljuddämpande bord')).status).toBe(200);
    expect((await say('', pick!.data)).status).toBe(200);
    expect(JSON.stringify(app.connector.sent().filter((a) => a.conversationId === personal))).toContain(
      'Idén hör till utmaningen [Mindre buller i matsalen](',
    );
    expect((await say('avbryt')).status).toBe(200);
  });

  it('escapes what the coach wrote, so markdown and links show literally', async () => {
    await publish({ title: '**Fet** [länk](https://evil.example)', need: 'Se [här](https://evil.example) och _detta_ i behovet.' });
    await app.services.notifications.runOnce();
    const card = challengeCards().find((c) => JSON.stringify(c).includes('Fet'));
    expect(card).toBeDefined();
    validateCard(card!);
    const text = JSON.stringify(card);
    expect(text).toContain('\\\\*\\\\*Fet\\\\*\\\\* \\\\[länk\\\\]\\\\(https://evil.example\\\\)');
    expect(text).not.toContain('[länk](https://evil.example)');
  });

  it('closes by itself after its last day: two schedulers at once, one summary for the owner', async () => {
    const made = await publish({ title: 'Mindre matsvinn i skolan', openUntil: stockholmDate(clock.now()) });
    const answered = await app.services.ideas.submit({
      giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Utbildningsförvaltningen' },
      text: {
        title: 'Väg matsvinnet',
        need: 'Mycket mat slängs',
        idea: 'Väg svinnet varje dag och visa det',
        beneficiaries: ['staff'],
        department: 'Utbildningsförvaltningen',
      },
      source: 'chat',
      idempotencyKey: randomUUID(),
      challengeId: made.id,
    });
    expect(answered.ok).toBe(true);
    await app.services.notifications.runOnce();
    app.connector.reset();

    // Not yet: the last day is today.
    await app.services.reminders.runOnce();
    await app.services.notifications.runOnce();
    expect(cardsIn(`a:personal-${COACH.id}`).filter((c) => JSON.stringify(c).includes('Utmaningen är stängd'))).toEqual([]);

    offsetMs += 2 * 86_400_000;
    const second = new ChallengeClosing({
      challenges: new CosmosChallengeRepository(app.storage.containers.participation),
      outbox: new CosmosOutboxRepository(app.storage.containers.outbox),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const [, queuedBySecond] = await Promise.all([app.services.reminders.runOnce(), second.run(clock.now())]);
    expect(typeof queuedBySecond).toBe('number');
    await app.services.notifications.runOnce();
    await app.services.reminders.runOnce();
    await app.services.notifications.runOnce();

    const summaries = cardsIn(`a:personal-${COACH.id}`).filter((c) => JSON.stringify(c).includes('Utmaningen är stängd'));
    expect(summaries).toHaveLength(1);
    const summary = summaries[0]!;
    validateCard(summary);
    const text = JSON.stringify(summary);
    expect(text).toContain('Mindre matsvinn i skolan');
    expect(text).toContain('1 idé kom in');
    // The idea's line links to it in the tab (here a local server's address; tests/teams/challenges/challenge-links.test.ts has Teams' deep links).
    expect(text).toContain(`[#${answered.ok ? answered.idea.number : 0} Väg matsvinnet](`);
    expect(text).toContain(`) · Inkommen · Utbildningsförvaltningen`);

    const listed = ((await getAs(app, coach, '/api/challenges')).body as ChallengesResponse).items.find((c) => c.id === made.id);
    expect(listed).toMatchObject({ open: false, ideas: [{ title: 'Väg matsvinnet', stage: 'submitted' }] });
    expect(listed?.closedAt).toBeDefined();
  });
});
