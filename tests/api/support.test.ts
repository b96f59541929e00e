/**
 * Support ("Jag stödjer idén") and offers of help ("Jag kan hjälpa till") through the tab API,
 * against the whole server, the embedded Cosmos and the Graph stand-in (for the group chat's
 * addresses): one support per person however often it is sent, supporters told once when the
 * idea is tested, the giver and coach told once of an offer, and the chat link for those in it.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, BoardResponse, IdeaDetail, IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import type { SupportResponse } from '../../bot/src/api/support-contracts';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { graphEnvironment, startTestGraph, type GraphStandIn } from '../helpers/graph-standin';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
// Not in the test directory: the group chat link cannot name them.
const LENA = { id: '61e00000-0000-4000-8000-0000000000c1', name: 'Lena Sjöberg' };
const PER = { id: '61e00000-0000-4000-8000-0000000000c2', name: 'Per Ek' };
const lena: Who = { ...LENA, tenantId: TENANT };
const per: Who = { ...PER, tenantId: TENANT };

let graph: GraphStandIn;
let app: TestApp;
let check: (schema: string, body: unknown) => void;
let n = 0;

beforeAll(async () => {
  graph = await startTestGraph();
  // The outbox worker is paused: a test runs rounds when it looks at what was sent.
  app = await startTestApp({ OUTBOX_POLL_MS: '0', ...graphEnvironment(graph) }, { connector: true, meet: [GIVER, COACH, LENA, PER] });
  check = await schemaChecker(app);
});
afterAll(async () => {
  await app?.close();
  await graph?.stop();
});

type Res = { status: number; body: unknown; headers: Headers };

async function call(method: string, who: Who, pathname: string, body?: unknown): Promise<Res> {
  return app.call(method, pathname, body, bearer(await tokenFor(app, who)));
}

async function handIn(title = 'Påminn om simskolan'): Promise<IdeaDetail> {
  n += 1;
  const form: SubmitIdeaRequest = {
    title: `${title} ${n}`,
    need: 'Föräldrar glömmer anmälan',
    idea: 'Ett sms en vecka innan',
    beneficiaries: ['residents'],
    department: 'Kultur- och fritidsförvaltningen',
    idempotencyKey: randomUUID(),
  };
  const res = await call('POST', giver, '/api/ideas', form);
  expect(res.status).toBe(201);
  await app.services.notifications.runOnce();
  app.connector.reset();
  return (res.body as IdeaResponse).idea;
}

async function supportOf(who: Who, id: string): Promise<SupportResponse> {
  const res = await getAs(app, who, `/api/ideas/${id}/support`);
  expect(res.status).toBe(200);
  check('SupportResponse', res.body);
  return res.body as SupportResponse;
}

async function latest(id: string): Promise<IdeaDetail> {
  return ((await getAs(app, coach, `/api/ideas/${id}`)).body as IdeaResponse).idea;
}

async function act(id: string, action: unknown): Promise<void> {
  const res = await actAs(app, coach, id, action, (await latest(id)).etag);
  expect(res.status).toBe(200);
}

/** Delivery rounds until the outbox is empty (a fan-out queues jobs for the next round). */
async function deliverAll(): Promise<void> {
  for (let round = 0; round < 4; round++) await app.services.notifications.runOnce();
}

function sentTo(who: Who, text: string) {
  return app.connector.sent().filter((a) => a.conversationId === `a:personal-${who.id}` && JSON.stringify(a).includes(text));
}

function cardOf(activity: Record<string, unknown>): Record<string, unknown> {
  return (activity['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content;
}

describe('supportIdea (PUT /api/ideas/{id}/support)', () => {
  it('counts 20 concurrent supports by one person once, on the panel and the board', async () => {
    const idea = await handIn();
    const token = await tokenFor(app, lena);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.call('PUT', `/api/ideas/${idea.id}/support`, undefined, bearer(token))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    for (const a of answers) expect((a.body as SupportResponse).count).toBe(1);
    expect(await supportOf(lena, idea.id)).toMatchObject({ count: 1, mine: true, offered: false, helpers: [] });
    expect(await supportOf(per, idea.id)).toMatchObject({ count: 1, mine: false });

    const second = await call('PUT', per, `/api/ideas/${idea.id}/support`);
    expect((second.body as SupportResponse).count).toBe(2);
    const board = (await getAs(app, per, '/api/board')).body as BoardResponse;
    check('BoardResponse', board);
    const card = board.columns.submitted.items.find((i) => i.id === idea.id);
    expect(card?.supportCount).toBe(2);
    // An idea nobody supports shows no count.
    const other = await handIn('Ingen stödjer mig');
    const again = (await getAs(app, per, '/api/board')).body as BoardResponse;
    expect(again.columns.submitted.items.find((i) => i.id === other.id)).not.toHaveProperty('supportCount');
  });

  it("does not change the idea: a coach's etag stays current", async () => {
    const idea = await handIn();
    await call('PUT', lena, `/api/ideas/${idea.id}/support`);
    expect((await latest(idea.id)).etag).toBe(idea.etag);
  });

  it('takes a support back once (withdrawSupport), and again changes nothing', async () => {
    const idea = await handIn();
    await call('PUT', lena, `/api/ideas/${idea.id}/support`);
    const back = await call('DELETE', lena, `/api/ideas/${idea.id}/support`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ count: 0, mine: false });
    const twice = await call('DELETE', lena, `/api/ideas/${idea.id}/support`);
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ count: 0, mine: false });
  });

  it("refuses the idea's own giver and a closed idea (409), and an unknown idea (404)", async () => {
    const idea = await handIn();
    const own = await call('PUT', giver, `/api/ideas/${idea.id}/support`);
    expect(own.status).toBe(409);
    check('ApiError', own.body);
    expect((own.body as ApiError).code).toBe('OwnIdea');
    expect(await supportOf(giver, idea.id)).toMatchObject({ count: 0, refusal: 'ownIdea' });

    await act(idea.id, { type: 'decline', reason: 'Finns redan' });
    const closed = await call('PUT', lena, `/api/ideas/${idea.id}/support`);
    expect(closed.status).toBe(409);
    expect((closed.body as ApiError).code).toBe('Closed');
    expect(await supportOf(lena, idea.id)).toMatchObject({ count: 0, refusal: 'closed' });

    const missing = await call('PUT', lena, `/api/ideas/${randomUUID()}/support`);
    expect(missing.status).toBe(404);
    const bad = await call('PUT', lena, '/api/ideas/..%2F..%2Fx/support');
    expect([400, 404]).toContain(bad.status);
  });

  it("shows the count on the coach's task card, checked with the Adaptive Cards parser", async () => {
    const idea = await handIn('Stöd på kortet');
    await call('PUT', lena, `/api/ideas/${idea.id}/support`);
    await call('PUT', per, `/api/ideas/${idea.id}/support`);
    // Taking the idea updates every posted copy of its task card.
    await act(idea.id, { type: 'take' });
    await deliverAll();
    const updates = app.connector.updates().filter((u) => JSON.stringify(u.body).includes(`#${idea.number}`));
    expect(updates.length).toBeGreaterThan(0);
    const card = (updates.at(-1)!.body['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content;
    validateCard(card);
    expect(JSON.stringify(card)).toContain('2 stödjer idén');
  });

  it('tells each supporter once when the idea is tested and once when it is implemented, and not one who took the support back', async () => {
    const idea = await handIn();
    await call('PUT', lena, `/api/ideas/${idea.id}/support`);
    await call('PUT', per, `/api/ideas/${idea.id}/support`);
    await call('PUT', coach, `/api/ideas/${idea.id}/support`);
    await call('DELETE', coach, `/api/ideas/${idea.id}/support`);
    await act(idea.id, { type: 'take' });
    await deliverAll();
    expect(sentTo(lena, 'stödjer')).toHaveLength(0);

    await act(idea.id, { type: 'advance' });
    await deliverAll();
    await deliverAll();
    for (const who of [lena, per]) {
      const told = sentTo(who, 'Idén du stödjer testas nu');
      expect(told).toHaveLength(1);
      validateCard(cardOf(told[0]!));
    }
    expect(sentTo(coach, 'Idén du stödjer')).toHaveLength(0);
    // The next stage (Införs) is no news for supporters.
    await act(idea.id, { type: 'advance' });
    await deliverAll();
    expect(sentTo(lena, 'Idén du stödjer')).toHaveLength(1);
    // Införd is: each supporter is told once more, and a repeated round tells nobody again.
    await act(idea.id, { type: 'advance', effects: [{ forWhom: 'Föräldrar', change: 'Färre missade anmälningar' }] });
    await deliverAll();
    await deliverAll();
    for (const who of [lena, per]) {
      const told = sentTo(who, 'Idén du stödjer är införd');
      expect(told).toHaveLength(1);
      validateCard(cardOf(told[0]!));
    }
    expect(sentTo(coach, 'Idén du stödjer')).toHaveLength(0);
  });
});

describe('offerHelp (POST /api/ideas/{id}/help)', () => {
  const note = 'Jag jobbar med samma sak på **Tekniska** [här](https://evil.example)';

  it('records the offer once, in the history and on the panel, and tells the giver and the coach once', async () => {
    const idea = await handIn();
    await act(idea.id, { type: 'take' });
    await deliverAll();
    app.connector.reset();

    const token = await tokenFor(app, lena);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => app.call('POST', `/api/ideas/${idea.id}/help`, { note }, bearer(token))),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    const view = answers[0]!.body as SupportResponse;
    check('SupportResponse', view);
    expect(view.offered).toBe(true);
    expect(view.helpers).toEqual([expect.objectContaining({ helper: { id: LENA.id, name: LENA.name }, note })]);

    const events = (await latest(idea.id)).history.filter((e) => e.kind === 'helpOffered');
    expect(events).toEqual([expect.objectContaining({ actor: { id: LENA.id, name: LENA.name }, text: note })]);

    await deliverAll();
    const toGiver = sentTo(giver, 'vill hjälpa till');
    expect(toGiver).toHaveLength(1);
    const card = cardOf(toGiver[0]!);
    validateCard(card);
    // The note is shown literally: its markdown and link are escaped.
    expect(JSON.stringify(card)).toContain('\\\\*\\\\*Tekniska\\\\*\\\\*');
    expect(JSON.stringify(card)).toContain('\\\\[här\\\\]\\\\(https://evil.example\\\\)');
    const toCoach = sentTo(coach, 'vill hjälpa till');
    expect(toCoach).toHaveLength(1);
    expect(String(toCoach[0]!['text'])).toContain(`#${idea.number}`);

    // Offering again, even with another note, changes nothing and tells nobody.
    const again = await call('POST', lena, `/api/ideas/${idea.id}/help`, { note: 'Något annat' });
    expect(again.status).toBe(200);
    expect((again.body as SupportResponse).helpers.map((h) => h.note)).toEqual([note]);
    app.connector.reset();
    await deliverAll();
    expect(sentTo(giver, 'vill hjälpa till')).toHaveLength(0);
    expect((await latest(idea.id)).history.filter((e) => e.kind === 'helpOffered')).toHaveLength(1);
  });

  it('gives the giver, the coach and the helper a Teams group chat link; the addresses come from the directory', async () => {
    const idea = await handIn('Gruppchatt');
    await act(idea.id, { type: 'take' });
    // Omar is in the directory; Lena is not.
    const omar: Who = { id: 'c0ac0000-0000-4000-8000-000000000002', name: 'Omar Haddad', tenantId: TENANT };
    await call('POST', omar, `/api/ideas/${idea.id}/help`, { note: 'Vi har gjort samma sak på Tekniska' });
    await call('POST', lena, `/api/ideas/${idea.id}/help`, { note: 'Jag kan testa på min enhet' });

    const forGiver = await supportOf(giver, idea.id);
    const [withOmar, withLena] = forGiver.helpers;
    const url = new URL(withOmar!.chat!.url!);
    expect(`${url.origin}${url.pathname}`).toBe('https://teams.microsoft.com/l/chat/0/0');
    expect(url.searchParams.get('users')!.split(',').sort()).toEqual(
      ['anna@testkommun.example', 'karin@testkommun.example', 'omar@testkommun.example'].sort(),
    );
    expect(url.searchParams.get('topicName')).toBe(`Idé #${idea.number}: ${idea.title}`);
    expect(withOmar!.chat!.missing).toEqual([]);
    // A helper the directory does not know is named, to add by hand.
    expect(withLena!.chat!.missing).toEqual([LENA.name]);
    expect(new URL(withLena!.chat!.url!).searchParams.get('users')!.split(',')).toHaveLength(2);

    // Lena sees the link of her own offer only; someone else sees none.
    const forLena = await supportOf(lena, idea.id);
    expect(forLena.helpers.map((h) => h.chat !== undefined)).toEqual([false, true]);
    const forPer = await supportOf(per, idea.id);
    expect(forPer.helpers.every((h) => h.chat === undefined)).toBe(true);
    // The coach is in every chat.
    expect((await supportOf(coach, idea.id)).helpers.every((h) => h.chat?.url)).toBe(true);
  });

  it('refuses an empty or too long note (400), the giver and a closed idea (409)', async () => {
    const idea = await handIn();
    for (const bad of ['   ', 'x'.repeat(501)]) {
      const res = await call('POST', lena, `/api/ideas/${idea.id}/help`, { note: bad });
      expect(res.status).toBe(400);
      check('ApiError', res.body);
      expect((res.body as ApiError).problems?.[0]?.field).toBe('note');
    }
    expect((await call('POST', lena, `/api/ideas/${idea.id}/help`, {})).status).toBe(400);
    expect((await call('POST', lena, `/api/ideas/${idea.id}/help`, { note: 'ok', extra: 1 })).status).toBe(400);
    expect((await call('POST', giver, `/api/ideas/${idea.id}/help`, { note: 'Jag själv' })).status).toBe(409);
    await act(idea.id, { type: 'decline', reason: 'Finns redan' });
    const closed = await call('POST', lena, `/api/ideas/${idea.id}/help`, { note: 'För sent' });
    expect(closed.status).toBe(409);
    expect((await supportOf(lena, idea.id)).helpers).toEqual([]);
    expect((await latest(idea.id)).history.some((e) => e.kind === 'helpOffered')).toBe(false);
  });

  it('names its operations in the OpenAPI document', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/api/ideas/{id}/support']?.['put']?.operationId).toBe('supportIdea');
    expect(doc.paths['/api/ideas/{id}/support']?.['delete']?.operationId).toBe('withdrawSupport');
    expect(doc.paths['/api/ideas/{id}/support']?.['get']?.operationId).toBe('getSupport');
    expect(doc.paths['/api/ideas/{id}/help']?.['post']?.operationId).toBe('offerHelp');
  });
});
