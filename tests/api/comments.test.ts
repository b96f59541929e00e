/**
 * Comments and internal notes through the tab API (`listComments`, `addComment`, `editComment`,
 * `deleteComment`, `hideComment`) against the whole server and the embedded Cosmos, on a clock
 * the test moves: bad input, the rate limit, the 15-minute window, hiding, notes that only coaches
 * ever see, and the hourly notice through the outbox and the recording connector.
 */
import { randomUUID } from 'node:crypto';
import * as AC from 'adaptivecards';
import type { CommentItem, CommentResponse, CommentsResponse } from '../../bot/src/api/comment-contracts';
import type { ApiError, IdeaDetail, IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import type { IdeaRecordResponse } from '../../bot/src/api/record-contracts';
import type { Clock } from '../../bot/src/domain/clock';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { OPEN_ACTION_ID } from '../../bot/src/teams/deep-links';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const COLLEAGUE = { id: '61e00000-0000-4000-8000-0000000000c1', name: 'Erik Johansson' };
const colleague: Who = { ...COLLEAGUE, tenantId: TENANT };
const OTHER = { id: '61e00000-0000-4000-8000-0000000000c2', name: 'Lena Sjöberg' };
const other: Who = { ...OTHER, tenantId: TENANT };

/** The app's one clock, moved by the tests (tokens keep the real time). */
let nowMs = Date.parse('2026-11-02T09:05:00.000Z');
const clock: Clock = { now: () => new Date(nowMs) };
const at = (iso: string): void => {
  nowMs = Date.parse(iso);
};

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let n = 0;

beforeAll(async () => {
  // The outbox worker is paused: a test runs one round when it looks at what was sent.
  app = await startTestApp({ OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0' }, { connector: true, meet: [GIVER, COACH, COLLEAGUE], clock });
  check = await schemaChecker(app);
});
afterAll(() => app.close());
// Each test starts two hours on, with the notices earlier tests queued sent and forgotten.
beforeEach(async () => {
  nowMs += 2 * 3_600_000;
  await app.services.notifications.runOnce();
  await app.services.notifications.runOnce();
  app.connector.reset();
});

type Res = { status: number; body: unknown; headers: Headers };

async function call(method: string, who: Who, pathname: string, body?: unknown, etag?: string): Promise<Res> {
  const headers = { ...bearer(await tokenFor(app, who)), ...(etag !== undefined ? { 'if-match': etag } : {}) };
  return app.call(method, pathname, body, headers);
}

/** A new idea of the giver, taken by the coach, its receipts sent, so the connector holds only what follows. */
async function takenIdea(): Promise<IdeaDetail> {
  n += 1;
  const form: SubmitIdeaRequest = {
    title: `Påminn om simskolan ${n}`,
    need: 'Föräldrar glömmer anmälan',
    idea: 'Ett sms en vecka innan',
    beneficiaries: ['residents'],
    department: 'Kultur- och fritidsförvaltningen',
    idempotencyKey: randomUUID(),
  };
  const res = await call('POST', giver, '/api/ideas', form);
  expect(res.status).toBe(201);
  const idea = (res.body as IdeaResponse).idea;
  expect((await actAs(app, coach, idea.id, { type: 'take' }, idea.etag)).status).toBe(200);
  await app.services.notifications.runOnce();
  app.connector.reset();
  return idea;
}

async function add(who: Who, ideaId: string, text: string, extra: { kind?: string; key?: string } = {}): Promise<Res> {
  return call('POST', who, `/api/ideas/${ideaId}/comments`, {
    text,
    ...(extra.kind ? { kind: extra.kind } : {}),
    idempotencyKey: extra.key ?? randomUUID(),
  });
}

async function list(who: Who, ideaId: string): Promise<CommentsResponse> {
  const res = await getAs(app, who, `/api/ideas/${ideaId}/comments`);
  expect(res.status).toBe(200);
  check('CommentsResponse', res.body);
  return res.body as CommentsResponse;
}

function added(res: Res, status = 201): CommentItem {
  expect(res.status).toBe(status);
  check('CommentResponse', res.body);
  return (res.body as CommentResponse).comment;
}

/** Cards the bot sent a person's personal chat. */
function cardsTo(who: Who): Record<string, unknown>[] {
  return app.connector
    .sent()
    .filter((a) => a.conversationId === `a:personal-${who.id}`)
    .map((a) => (a['attachments'] as Array<{ content: Record<string, unknown> }> | undefined)?.[0]?.content)
    .filter((c): c is Record<string, unknown> => c !== undefined);
}

describe('addComment and listComments', () => {
  it('stores a comment everyone in the sluice reads, and a repeated send stores nothing more', async () => {
    const idea = await takenIdea();
    const key = randomUUID();
    const first = added(await add(colleague, idea.id, 'Vi gör samma sak på Tekniska!', { key }));
    expect(first).toMatchObject({ kind: 'comment', author: { id: COLLEAGUE.id, name: COLLEAGUE.name }, mine: true, mayHide: false });
    expect(first.editableUntil).toBe(new Date(nowMs + 15 * 60_000).toISOString());
    // A double click or a retry: the same key answers 200 with the same comment.
    const again = added(await add(colleague, idea.id, 'Vi gör samma sak på Tekniska!', { key }), 200);
    expect(again.id).toBe(first.id);
    // A second later (comments of one millisecond are ordered by id).
    nowMs += 1000;
    const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => add(colleague, idea.id, 'Dubbelklick', { key: 'dubbel-1' })));
    expect(concurrent.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);

    for (const who of [giver, other, coach]) {
      const seen = await list(who, idea.id);
      expect(seen.items.map((c) => c.text)).toEqual(['Vi gör samma sak på Tekniska!', 'Dubbelklick']);
      expect(seen.items[0]?.mine).toBe(who.id === COLLEAGUE.id);
      expect(seen.items[0]?.mayHide).toBe(who.id === COACH.id);
      expect(seen.mayWriteNotes).toBe(who.id === COACH.id);
    }
  });

  it('keeps markdown and links as typed (shown literally), and escapes them on the notice card', async () => {
    const idea = await takenIdea();
    const text = '**Viktigt** [klicka här](https://evil.example) <b>hej</b> _kursiv_';
    expect(added(await add(colleague, idea.id, text)).text).toBe(text);
    expect((await list(giver, idea.id)).items[0]?.text).toBe(text);
    at(new Date(nowMs + 2 * 3_600_000).toISOString());
    await app.services.notifications.runOnce();
    const [card] = cardsTo(giver);
    expect(card).toBeDefined();
    validateCard(card!);
    const json = JSON.stringify(card);
    expect(json).toContain('\\\\*\\\\*Viktigt\\\\*\\\\* \\\\[klicka här\\\\]\\\\(https://evil.example\\\\)');
    expect(json).not.toContain('[klicka här](https://evil.example)');
  });

  it('refuses text of only whitespace and over 2 000 characters with a clear 400, and stores nothing', async () => {
    const idea = await takenIdea();
    for (const [text, problem] of [
      ['   \n\t  ', 'empty'],
      ['x'.repeat(2001), 'tooLong'],
    ] as const) {
      const res = await add(colleague, idea.id, text);
      expect(res.status).toBe(400);
      check('ApiError', res.body);
      const body = res.body as ApiError;
      expect(body.problems).toEqual([expect.objectContaining({ field: 'text', problem })]);
      expect(body.message).toMatch(problem === 'empty' ? /not only spaces/ : /at most 2000 characters/);
    }
    expect(added(await add(colleague, idea.id, 'å'.repeat(2000))).text).toHaveLength(2000);
    expect((await list(giver, idea.id)).items).toHaveLength(1);
    // Not a sluice idea, a bad id, a missing key: 404 and 400s, never a crash.
    expect((await add(colleague, '00000000-0000-4000-a000-00000000dead', 'Hej')).status).toBe(404);
    expect((await add(colleague, 'inte$ett$id', 'Hej')).status).toBe(400);
    expect((await call('POST', colleague, `/api/ideas/${idea.id}/comments`, { text: 'Hej' })).status).toBe(400);
    expect((await call('POST', colleague, `/api/ideas/${idea.id}/comments`, { text: 5, idempotencyKey: 'k1' })).status).toBe(400);
  });

  it('slows down the 51st comment in a minute from one person with 429 and Retry-After, and lets it through later', async () => {
    const idea = await takenIdea();
    // The window is counted per minute (the previous minute weighed by how much of it is still inside the last 60 s).
    const start = (Math.floor(nowMs / 60_000) + 1) * 60_000;
    for (let i = 0; i < 50; i++) {
      nowMs = start + i * 100;
      expect((await add(other, idea.id, `Kommentar ${i}`)).status).toBe(201);
    }
    nowMs = start + 10_000;
    const slowed = await add(other, idea.id, 'En för mycket');
    expect(slowed.status).toBe(429);
    check('ApiError', slowed.body);
    expect((slowed.body as ApiError).message).toMatch(/Wait \d+ seconds/);
    expect(Number(slowed.headers.get('retry-after'))).toBe(50);
    // Someone else is not slowed down by it.
    expect((await add(colleague, idea.id, 'Jag då?')).status).toBe(201);
    nowMs = start + 60_001;
    expect((await add(other, idea.id, 'Nu går det')).status).toBe(201);
    expect((await list(giver, idea.id)).items).toHaveLength(52);
  });

  it('lets exactly 50 of 60 concurrent comments from one person through, the rest 429, on one idea or spread over two', async () => {
    const [first, second] = [await takenIdea(), await takenIdea()];
    // A fresh minute, so nothing of the earlier tests counts.
    nowMs = (Math.floor(nowMs / 60_000) + 5) * 60_000 + 1_000;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => add(colleague, i % 2 === 0 ? first.id : second.id, `Samtidigt ${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    for (const slowed of results.filter((r) => r.status === 429)) {
      check('ApiError', slowed.body);
      expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const stored = (await list(coach, first.id)).items.length + (await list(coach, second.id)).items.length;
    expect(stored).toBe(50);
    // Half way into the next minute, half of the previous one has slid out of the window: 25 fit again, not 50.
    nowMs = (Math.floor(nowMs / 60_000) + 1) * 60_000 + 30_000;
    const later = await Promise.all(Array.from({ length: 40 }, (_, i) => add(colleague, first.id, `Senare ${i}`)));
    expect(later.filter((r) => r.status === 201)).toHaveLength(25);
  });
});

describe('editComment, deleteComment and hideComment', () => {
  it('lets the author edit and delete their own comment within 15 minutes, and nobody else', async () => {
    const idea = await takenIdea();
    const c = added(await add(colleague, idea.id, 'Förts version'));
    const path = `/api/ideas/${idea.id}/comments/${c.id}`;
    expect((await call('PATCH', giver, path, { text: 'Kapad' })).status).toBe(403);
    expect((await call('PATCH', coach, path, { text: 'Kapad' })).status).toBe(403);
    expect((await call('PATCH', colleague, path, { text: '  ' })).status).toBe(400);
    nowMs += 14 * 60_000;
    const edited = added(await call('PATCH', colleague, path, { text: 'Första versionen' }), 200);
    expect(edited.text).toBe('Första versionen');
    expect(edited.editedAt).toBe(new Date(nowMs).toISOString());
    nowMs += 2 * 60_000;
    const late = await call('PATCH', colleague, path, { text: 'För sent' });
    expect(late.status).toBe(409);
    expect((late.body as ApiError).code).toBe('EditWindowClosed');
    expect((await call('DELETE', colleague, path)).status).toBe(409);
    expect((await list(giver, idea.id)).items.map((x) => x.text)).toEqual(['Första versionen']);

    const dKey = randomUUID();
    const d = added(await add(colleague, idea.id, 'Fel idé, ta bort', { key: dKey }));
    const dPath = `/api/ideas/${idea.id}/comments/${d.id}`;
    expect((await call('DELETE', giver, dPath)).status).toBe(403);
    expect((await call('DELETE', colleague, dPath)).status).toBe(204);
    expect((await call('DELETE', colleague, dPath)).status).toBe(204);
    expect((await list(coach, idea.id)).items.map((x) => x.id)).toEqual([c.id]);
    expect((await call('PATCH', colleague, dPath, { text: 'Tillbaka?' })).status).toBe(404);
    // A late retry of the deleted comment's send does not bring it back.
    expect((await add(colleague, idea.id, 'Fel idé, ta bort', { key: dKey })).status).toBe(404);
    expect((await list(giver, idea.id)).items).toHaveLength(1);
  });

  it('lets a coach hide a comment with a reason: others see the reason, coaches the text, the record keeps it marked', async () => {
    const idea = await takenIdea();
    const c = added(await add(colleague, idea.id, 'Olämpligt om en kollega'));
    const hidePath = `/api/ideas/${idea.id}/comments/${c.id}/hide`;
    expect((await call('POST', giver, hidePath, { reason: 'Nej' })).status).toBe(403);
    expect((await call('POST', coach, hidePath, { reason: '   ' })).status).toBe(400);
    const hidden = added(await call('POST', coach, hidePath, { reason: 'Handlar om en person, inte om idén' }), 200);
    expect(hidden.hidden).toMatchObject({ by: { id: COACH.id, name: COACH.name }, reason: 'Handlar om en person, inte om idén' });
    expect(added(await call('POST', coach, hidePath, { reason: 'Igen' }), 200).hidden?.reason).toBe('Handlar om en person, inte om idén');

    const forGiver = (await list(giver, idea.id)).items[0]!;
    expect(forGiver.text).toBe('');
    expect(forGiver.hidden?.reason).toBe('Handlar om en person, inte om idén');
    expect(JSON.stringify(await list(other, idea.id))).not.toContain('Olämpligt');
    expect((await list(coach, idea.id)).items[0]?.text).toBe('Olämpligt om en kollega');
    // The author can no longer change it.
    expect((await call('PATCH', colleague, `/api/ideas/${idea.id}/comments/${c.id}`, { text: 'Snällare' })).status).toBe(409);

    const record = await getAs(app, coach, `/api/ideas/${idea.id}/record`);
    expect(record.status).toBe(200);
    check('IdeaRecordResponse', record.body);
    expect((record.body as IdeaRecordResponse).comments).toEqual([
      expect.objectContaining({
        kind: 'comment',
        text: 'Olämpligt om en kollega',
        by: { id: COLLEAGUE.id, name: COLLEAGUE.name },
        hidden: expect.objectContaining({ reason: 'Handlar om en person, inte om idén' }),
      }),
    ]);
  });
});

describe('internal notes', () => {
  it('are written and read by coaches only: never in a giver’s or colleague’s answer, list or card', async () => {
    const idea = await takenIdea();
    const secret = 'Intern: budgeten räcker inte i år';
    expect((await add(giver, idea.id, 'Försök', { kind: 'note' })).status).toBe(403);
    expect((await add(colleague, idea.id, 'Försök', { kind: 'note' })).status).toBe(403);
    const note = added(await add(coach, idea.id, secret, { kind: 'note' }));
    expect(note.kind).toBe('note');
    nowMs += 1000;
    added(await add(colleague, idea.id, 'En vanlig kommentar'));

    expect((await list(coach, idea.id)).items.map((c) => c.kind)).toEqual(['note', 'comment']);
    for (const who of [giver, colleague, other]) {
      const seen = await list(who, idea.id);
      expect(seen.items.map((c) => c.kind)).toEqual(['comment']);
      expect(JSON.stringify(seen)).not.toContain(secret);
      const detail = await getAs(app, who, `/api/ideas/${idea.id}`);
      expect(detail.status).toBe(200);
      expect(JSON.stringify(detail.body)).not.toContain(secret);
      // Not even by its id.
      expect((await call('PATCH', who, `/api/ideas/${idea.id}/comments/${note.id}`, { text: 'x' })).status).toBe(404);
    }
    // The hour's notice lists the colleague's comment, never the note.
    nowMs += 2 * 3_600_000;
    await app.services.notifications.runOnce();
    const toGiver = cardsTo(giver);
    expect(toGiver).toHaveLength(1);
    expect(JSON.stringify(toGiver)).toContain('En vanlig kommentar');
    expect(JSON.stringify(app.connector.sent())).not.toContain('budgeten');
    // Notes cannot be hidden (they are the coaches' own), but a coach may delete their own note in time.
    expect((await call('POST', coach, `/api/ideas/${idea.id}/comments/${note.id}/hide`, { reason: 'x' })).status).toBe(409);
  });
});

describe('the hourly notice', () => {
  it('tells the giver and the coach at most once an hour per idea, in one message listing the new comments', async () => {
    const idea = await takenIdea();
    const other2 = await takenIdea();
    at('2026-11-10T10:05:00.000Z');
    added(await add(colleague, idea.id, 'Första'));
    at('2026-11-10T10:20:00.000Z');
    added(await add(other, idea.id, 'Andra'));
    const key = randomUUID();
    added(await add(coach, idea.id, 'Coachens egen', { key }));
    at('2026-11-10T10:40:00.000Z');
    added(await add(coach, idea.id, 'Coachens egen', { key }), 200);
    added(await add(colleague, other2.id, 'Om en annan idé'));

    // Not before the hour is over.
    at('2026-11-10T10:59:00.000Z');
    await app.services.notifications.runOnce();
    expect(cardsTo(giver)).toHaveLength(0);

    at('2026-11-10T11:02:00.000Z');
    await app.services.notifications.runOnce();
    await app.services.notifications.runOnce();
    const toGiver = cardsTo(giver);
    const toCoach = cardsTo(coach);
    // One for each idea to the giver (they are the giver of both), one per idea to the coach.
    const about = (cards: Record<string, unknown>[], number: number) => cards.filter((c) => JSON.stringify(c).includes(`#${number}`));
    expect(about(toGiver, idea.number)).toHaveLength(1);
    expect(about(toGiver, other2.number)).toHaveLength(1);
    const giverCard = JSON.stringify(about(toGiver, idea.number)[0]);
    for (const text of ['Första', 'Andra', 'Coachens egen']) expect(giverCard).toContain(text);
    expect(giverCard).toContain('3 nya kommentarer');
    for (const card of toGiver) validateCard(card);
    // Each notice opens its idea in the tab, like every card about an idea (here without a Teams app id: the tab's address).
    for (const [card, ofIdea] of [
      [about(toGiver, idea.number)[0]!, idea],
      [about(toCoach, idea.number)[0]!, idea],
      [about(toGiver, other2.number)[0]!, other2],
    ] as const) {
      const open = validateCard(card).getActionById(OPEN_ACTION_ID);
      expect(open).toBeInstanceOf(AC.OpenUrlAction);
      expect((open as AC.OpenUrlAction).url).toBe(`${app.url}/tab/index.html#/mine?idea=${ofIdea.id}`);
      expect((open as AC.OpenUrlAction).title).toBe('Öppna i Idéslussen');
    }
    // The coach is not told of their own comment.
    const coachCard = JSON.stringify(about(toCoach, idea.number)[0]);
    expect(coachCard).toContain('Första');
    expect(coachCard).not.toContain('Coachens egen');

    // More in the next hour: one more message, with only those; nothing again for the hour that was told.
    app.connector.reset();
    at('2026-11-10T11:10:00.000Z');
    added(await add(colleague, idea.id, 'Tredje'));
    at('2026-11-10T11:30:00.000Z');
    await app.services.notifications.runOnce();
    expect(cardsTo(giver)).toHaveLength(0);
    at('2026-11-10T12:01:30.000Z');
    await app.services.notifications.runOnce();
    const next = cardsTo(giver);
    expect(next).toHaveLength(1);
    expect(JSON.stringify(next[0])).toContain('Tredje');
    expect(JSON.stringify(next[0])).not.toContain('Första');
    expect(JSON.stringify(next[0])).toContain('1 ny kommentar');
  });

  it('sends nothing for an hour whose comments were all deleted or hidden', async () => {
    const idea = await takenIdea();
    at('2026-11-11T09:10:00.000Z');
    const c = added(await add(colleague, idea.id, 'Oj, fel'));
    expect((await call('DELETE', colleague, `/api/ideas/${idea.id}/comments/${c.id}`)).status).toBe(204);
    at('2026-11-11T10:05:00.000Z');
    await app.services.notifications.runOnce();
    expect(cardsTo(giver)).toHaveLength(0);
    expect(cardsTo(coach)).toHaveLength(0);
  });
});
