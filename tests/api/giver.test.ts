/**
 * The giver's side of the tab API against the whole server and the embedded Cosmos: handing in
 * (`submitIdea`) and, on one's own idea, `answerQuestion`, `editIdea`, `withdrawIdea` and
 * `rateIdea` — the same domain transitions as the chat's cards, refused for anyone else.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, IdeaDetail, IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const colleague: Who = { id: '61e00000-0000-4000-8000-0000000000a7', name: 'Bo Ek', tenantId: TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let n = 0;

beforeAll(async () => {
  // The outbox worker is paused: a test runs one round when it looks at what was sent.
  app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { connector: true, meet: [GIVER] });
  check = await schemaChecker(app);
});
afterAll(() => app.close());
beforeEach(() => app.connector.reset());

type Res = { status: number; body: unknown; headers: Headers };

async function call(method: string, who: Who, pathname: string, body?: unknown, etag?: string): Promise<Res> {
  const headers = { ...bearer(await tokenFor(app, who)), ...(etag !== undefined ? { 'if-match': etag } : {}) };
  return app.call(method, pathname, body, headers);
}

function form(extra: Partial<SubmitIdeaRequest> = {}): SubmitIdeaRequest {
  n += 1;
  return {
    title: `Cykelpool för hemtjänsten ${n}`,
    need: 'Bilarna räcker inte till på morgonen',
    idea: 'Elcyklar som hemtjänsten kan låna',
    beneficiaries: ['staff', 'residents'],
    department: 'Socialförvaltningen',
    idempotencyKey: randomUUID(),
    ...extra,
  };
}

async function handIn(who: Who = giver): Promise<IdeaDetail> {
  const res = await call('POST', who, '/api/ideas', form());
  expect(res.status).toBe(201);
  return (res.body as IdeaResponse).idea;
}

async function seen(who: Who, id: string): Promise<IdeaDetail> {
  const res = await getAs(app, who, `/api/ideas/${id}`);
  expect(res.status).toBe(200);
  return (res.body as IdeaResponse).idea;
}

function problemsOf(res: Res): ApiError['problems'] {
  check('ApiError', res.body);
  return (res.body as ApiError).problems;
}

describe('submitIdea (POST /api/ideas)', () => {
  it('stores the idea as the caller, from the tab, and answers 201 with the idea the panel shows', async () => {
    const body = form({ locale: 'en' });
    const res = await call('POST', giver, '/api/ideas', body);
    expect(res.status).toBe(201);
    check('IdeaResponse', res.body);
    const idea = (res.body as IdeaResponse).idea;
    expect(idea).toMatchObject({
      title: body.title,
      need: body.need,
      department: body.department,
      beneficiaries: ['residents', 'staff'],
      stage: 'submitted',
      source: 'tab',
      giver: { id: GIVER.id, name: GIVER.name },
      giverActions: ['edit', 'withdraw'],
    });
    expect(res.headers.get('etag')).toBe(idea.etag);
    const config = (await getAs(app, giver, '/api/config')).body as { sluice: { id: string } };
    const stored = await app.storage.ideas.get(config.sluice.id, idea.id);
    expect(stored?.value.giver).toMatchObject({ id: GIVER.id, tenantId: TENANT, locale: 'en' });
  });

  it('stores one idea for a double click: the same key answers 200 with the same idea', async () => {
    const body = form();
    const [first, second] = await Promise.all([call('POST', giver, '/api/ideas', body), call('POST', giver, '/api/ideas', body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const ids = [first, second].map((r) => (r.body as IdeaResponse).idea.id);
    expect(ids[0]).toBe(ids[1]);
    const again = await call('POST', giver, '/api/ideas', body);
    expect(again.status).toBe(200);
    expect((again.body as IdeaResponse).idea.id).toBe(ids[0]);
    const mine = await getAs(app, giver, '/api/ideas/mine');
    expect((mine.body as { items: Array<{ title: string }> }).items.filter((i) => i.title === body.title)).toHaveLength(1);
  });

  it('refuses what the chat refuses, naming each field: too short a title, empty need, nobody who benefits', async () => {
    const res = await call('POST', giver, '/api/ideas', form({ title: 'ab', need: '  ', beneficiaries: [] }));
    expect(res.status).toBe(400);
    expect(problemsOf(res)).toEqual([
      { field: 'title', problem: 'tooShort', limit: 3 },
      { field: 'need', problem: 'empty', limit: 1 },
      { field: 'beneficiaries', problem: 'empty', message: 'must name at least one' },
    ]);
    expect((res.body as ApiError).message).toContain('title');
  });

  it('refuses a body that is not the form: unknown fields, a wrong choice, a missing key', async () => {
    const { idempotencyKey: _key, ...withoutKey } = form();
    const cases: Array<[unknown, string]> = [
      [{ ...form(), extra: 1 }, 'extra'],
      [form({ beneficiaries: ['everyone' as never] }), 'beneficiaries'],
      [withoutKey, 'idempotencyKey'],
      [form({ idempotencyKey: '../x' }), 'idempotencyKey'],
      [form({ title: 'x'.repeat(6000) }), 'title'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', giver, '/api/ideas', body);
      expect(res.status).toBe(400);
      expect(problemsOf(res)?.map((p) => p.field)).toContain(field);
    }
  });

  it('needs a signed-in caller', async () => {
    expect((await app.post('/api/ideas', form())).status).toBe(401);
  });

  it("sends the giver the chat's receipt card in their personal chat, through the outbox", async () => {
    const idea = await handIn();
    await app.services.notifications.runOnce();
    const receipt = app.connector
      .sent()
      .find((a) => a.conversationId === `a:personal-${GIVER.id}` && JSON.stringify(a['attachments']).includes(idea.title));
    expect(receipt).toBeDefined();
    const content = (receipt!['attachments'] as Array<{ content: Record<string, unknown> }>)[0]!.content;
    validateCard(content);
    expect(JSON.stringify(content)).toContain(`#${idea.number}`);
  });
});

describe("the giver's actions on their own idea", () => {
  it("answerQuestion: answers the coach's open question, as the answer card in chat does", async () => {
    const idea = await handIn();
    const taken = await actAs(app, coach, idea.id, { type: 'take' }, idea.etag);
    const asked = await actAs(
      app,
      coach,
      idea.id,
      { type: 'askInfo', question: 'Hur många cyklar?' },
      (taken.body as IdeaResponse).idea.etag,
    );
    expect(asked.status).toBe(200);
    const before = await seen(giver, idea.id);
    expect(before.giverActions).toContain('answerQuestion');
    expect(before.openQuestionId).toBe(before.history.at(-1)!.id);
    // Nobody else is offered it.
    expect((await seen(colleague, idea.id)).giverActions).toEqual([]);
    expect((await seen(coach, idea.id)).openQuestionId).toBeUndefined();

    const path = `/api/ideas/${idea.id}/answer`;
    const answer = { answer: 'Tio cyklar räcker', questionId: before.openQuestionId };
    expect((await call('POST', colleague, path, answer, before.etag)).status).toBe(403);
    expect((await call('POST', coach, path, answer, before.etag)).status).toBe(403);
    expect((await call('POST', giver, path, answer)).status).toBe(428);
    const empty = await call('POST', giver, path, { ...answer, answer: ' ' }, before.etag);
    expect(empty.status).toBe(400);
    expect(problemsOf(empty)).toEqual([{ field: 'answer', problem: 'empty', limit: 1 }]);
    const foreign = await call('POST', giver, path, { ...answer, questionId: before.history[0]!.id }, before.etag);
    expect(foreign.status).toBe(400);
    expect(problemsOf(foreign)?.[0]?.field).toBe('questionId');

    const res = await call('POST', giver, path, answer, before.etag);
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const after = (res.body as IdeaResponse).idea;
    expect(after).toMatchObject({ needsInfo: false, giverActions: ['edit', 'withdraw'] });
    expect(after.history.at(-1)).toMatchObject({ kind: 'infoAnswered', text: 'Tio cyklar räcker', actor: { id: GIVER.id } });
    // The same click again, on the state it saw: refused, the idea as it is now comes back.
    const twice = await call('POST', giver, path, answer, before.etag);
    expect(twice.status).toBe(412);
    const closed = await call('POST', giver, path, answer, after.etag);
    expect(closed.status).toBe(409);
    expect((closed.body as ApiError).current?.version).toBe(after.version);
  });

  it('editIdea: changes the text while the idea is in its first stages, and not after', async () => {
    const idea = await handIn();
    const path = `/api/ideas/${idea.id}`;
    expect((await call('PATCH', colleague, path, { title: 'Någon annans rubrik' }, idea.etag)).status).toBe(403);
    const bad = await call('PATCH', giver, path, { title: 'x', department: '' }, idea.etag);
    expect(bad.status).toBe(400);
    expect(problemsOf(bad)?.map((p) => p.field)).toEqual(['title', 'department']);
    expect((await call('PATCH', giver, path, {}, idea.etag)).status).toBe(400);
    expect((await call('PATCH', giver, path, { beneficiaries: [] }, idea.etag)).status).toBe(400);

    const res = await call('PATCH', giver, path, { title: 'Elcyklar för hemtjänsten', beneficiaries: ['staff'] }, idea.etag);
    expect(res.status).toBe(200);
    const edited = (res.body as IdeaResponse).idea;
    expect(edited).toMatchObject({ title: 'Elcyklar för hemtjänsten', beneficiaries: ['staff'], need: idea.need });
    expect(edited.history.at(-1)).toMatchObject({ kind: 'edited', actor: { id: GIVER.id } });

    const taken = await actAs(app, coach, idea.id, { type: 'take' }, edited.etag);
    const tested = await actAs(app, coach, idea.id, { type: 'advance' }, (taken.body as IdeaResponse).idea.etag);
    const now = (tested.body as IdeaResponse).idea;
    expect(now.giverActions).not.toContain('edit');
    const late = await call('PATCH', giver, path, { title: 'För sent ändrad' }, now.etag);
    expect(late.status).toBe(409);
    expect((late.body as ApiError).code).toBe('NotAllowedNow');
  });

  it('withdrawIdea: closes the open idea with an optional reason and tells its coach', async () => {
    const idea = await handIn();
    const path = `/api/ideas/${idea.id}/withdraw`;
    expect((await call('POST', colleague, path, {}, idea.etag)).status).toBe(403);
    const tooLong = await call('POST', giver, path, { reason: 'x'.repeat(1001) }, idea.etag);
    expect(tooLong.status).toBe(400);
    expect(problemsOf(tooLong)).toEqual([{ field: 'reason', problem: 'tooLong', limit: 1000 }]);
    const res = await call('POST', giver, path, { reason: 'Löst på annat sätt' }, idea.etag);
    expect(res.status).toBe(200);
    const after = (res.body as IdeaResponse).idea;
    expect(after).toMatchObject({ stage: 'closed', giverActions: [] });
    expect(after.history.at(-1)).toMatchObject({ kind: 'withdrawn', from: 'submitted', to: 'closed', text: 'Löst på annat sätt' });
    expect((await call('POST', giver, path, {}, after.etag)).status).toBe(409);
  });

  it('rateIdea: rates a decision the giver was asked about, once', async () => {
    const idea = await handIn();
    const taken = await actAs(app, coach, idea.id, { type: 'take' }, idea.etag);
    expect((await seen(giver, idea.id)).giverActions).not.toContain('rate');
    const moved = await actAs(app, coach, idea.id, { type: 'advance', comment: 'Vi testar' }, (taken.body as IdeaResponse).idea.etag);
    const asked = await seen(giver, idea.id);
    expect(asked.giverActions).toContain('rate');
    expect(asked.ratingAsked).toEqual({ decisionId: (moved.body as IdeaResponse).idea.history.at(-1)!.id, stage: 'testing' });
    const { decisionId } = asked.ratingAsked!;

    const path = `/api/ideas/${idea.id}/rating`;
    expect((await call('POST', colleague, path, { rating: 4, decisionId }, asked.etag)).status).toBe(403);
    for (const rating of [0, 6, 3.5, '4']) {
      const bad = await call('POST', giver, path, { rating, decisionId }, asked.etag);
      expect(bad.status).toBe(400);
      expect(problemsOf(bad)?.[0]?.field).toBe('rating');
    }
    const res = await call('POST', giver, path, { rating: 4, comment: 'Snabbt svar', decisionId }, asked.etag);
    expect(res.status).toBe(200);
    const after = (res.body as IdeaResponse).idea;
    expect(after.satisfaction).toEqual([expect.objectContaining({ rating: 4, comment: 'Snabbt svar', stage: 'testing' })]);
    expect(after.giverActions).not.toContain('rate');
    expect(after.ratingAsked).toBeUndefined();
    const again = await call('POST', giver, path, { rating: 5, decisionId }, after.etag);
    expect(again.status).toBe(409);
    expect((again.body as ApiError).code).toBe('AlreadyRated');
  });

  it('answers 404 for an idea that is not there, and 400 for an id that is not one', async () => {
    expect((await call('POST', giver, `/api/ideas/${randomUUID()}/withdraw`, {}, '"x"')).status).toBe(404);
    expect((await call('POST', giver, '/api/ideas/..%2F..%2Fx/withdraw', {}, '"x"')).status).toBe(400);
  });

  it('lists the operations in the OpenAPI document by their names', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ids).toEqual(expect.arrayContaining(['submitIdea', 'answerQuestion', 'editIdea', 'withdrawIdea', 'rateIdea']));
  });
});
