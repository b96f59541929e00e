import type { ApiError, IdeaDetail, IdeaResponse } from '../../bot/src/api/contracts';
import type { HistoryEvent, Idea } from '../../bot/src/domain/idea';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const coach2: Who = { ...COACH_2, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
const changes: Array<{ idea: Idea; event: HistoryEvent }> = [];
let n = 0;

beforeAll(async () => {
  app = await startTestApp();
  check = await schemaChecker(app);
  app.services.ideas.listen({ ideaChanged: async (idea, _sluice, event) => void changes.push({ idea, event }) });
});
afterAll(() => app.close());

/** Hands in a new idea the way chat does (through the domain service). */
async function newIdea(): Promise<Idea> {
  n += 1;
  const result = await app.services.ideas.submit({
    giver: { ...giver, locale: 'sv' },
    text: {
      title: `Idé för åtgärder ${n}`,
      need: 'Ett behov',
      idea: 'En idé',
      department: 'Socialförvaltningen',
      beneficiaries: ['staff'],
    },
    source: 'chat',
    idempotencyKey: `actions-${n}`,
  });
  if (!result.ok) throw new Error(result.error);
  return result.idea;
}

async function seen(who: Who, id: string): Promise<IdeaDetail> {
  const res = await getAs(app, who, `/api/ideas/${id}`);
  expect(res.status).toBe(200);
  return (res.body as IdeaResponse).idea;
}

describe('POST /api/ideas/{id}/actions', () => {
  it('lets a coach take an idea with the etag they saw, through the same domain transition as the cards', async () => {
    const idea = await newIdea();
    const before = await seen(coach, idea.id);
    const res = await actAs(app, coach, idea.id, { type: 'take' }, before.etag);
    expect(res.status).toBe(200);
    check('IdeaResponse', res.body);
    const after = (res.body as IdeaResponse).idea;
    expect(after).toMatchObject({ stage: 'screening', coach: { id: COACH.id, name: COACH.name }, version: before.version + 1 });
    expect(after.history.at(-1)).toMatchObject({ kind: 'taken', from: 'submitted', to: 'screening', actor: { id: COACH.id } });
    expect(after.etag).not.toBe(before.etag);
    expect(res.headers.get('etag')).toBe(after.etag);
    // The listeners that notify the giver and refresh cards heard about it.
    expect(changes.at(-1)).toMatchObject({ idea: { id: idea.id, stage: 'screening' }, event: { kind: 'taken' } });
  });

  it('answers a stale etag with 412 and the current idea, and writes nothing', async () => {
    const idea = await newIdea();
    const old = await seen(coach, idea.id);
    expect((await actAs(app, coach2, idea.id, { type: 'take' }, old.etag)).status).toBe(200);
    const stale = await actAs(app, coach, idea.id, { type: 'decline', reason: 'Passar inte' }, old.etag);
    expect(stale.status).toBe(412);
    check('ApiError', stale.body);
    const body = stale.body as ApiError;
    expect(body.code).toBe('Stale');
    expect(body.current).toMatchObject({ id: idea.id, stage: 'screening', coach: { id: COACH_2.id } });
    expect((await seen(coach, idea.id)).version).toBe(body.current!.version);
  });

  it('lets exactly one of two coaches acting on the same state win', async () => {
    const idea = await newIdea();
    const { etag } = await seen(coach, idea.id);
    const results = await Promise.all([
      actAs(app, coach, idea.id, { type: 'take' }, etag),
      actAs(app, coach2, idea.id, { type: 'take' }, etag),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const final = await seen(coach, idea.id);
    expect(final.history.filter((h) => h.kind === 'taken')).toHaveLength(1);
  });

  it('requires If-Match', async () => {
    const idea = await newIdea();
    for (const etag of [undefined, '*']) {
      const res = await actAs(app, coach, idea.id, { type: 'take' }, etag);
      expect(res.status).toBe(428);
      expect(res.body).toMatchObject({ code: 'PreconditionRequired' });
    }
    expect((await seen(coach, idea.id)).stage).toBe('submitted');
  });

  it('refuses someone who is not a coach with 403 and leaves the idea alone', async () => {
    const idea = await newIdea();
    const { etag } = await seen(giver, idea.id);
    for (const action of [{ type: 'take' }, { type: 'decline', reason: 'Jag vill inte' }, { type: 'reassign', coachId: COACH_2.id }]) {
      const res = await actAs(app, giver, idea.id, action, etag);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'Forbidden' });
      expect((res.body as ApiError).current).toBeUndefined();
    }
    expect((await seen(coach, idea.id)).version).toBe(1);
  });

  it('answers an action the stage does not allow with 409 and the current idea', async () => {
    const idea = await newIdea();
    const { etag } = await seen(coach, idea.id);
    const res = await actAs(app, coach, idea.id, { type: 'reopen' }, etag);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'NotAllowedNow', current: { id: idea.id, stage: 'submitted' } });
  });

  it('answers invalid input with 400 and the field that is wrong', async () => {
    const idea = await newIdea();
    const { etag } = await seen(coach, idea.id);
    const cases: Array<[unknown, string, string]> = [
      [{ type: 'decline', reason: '   ' }, 'reason', 'empty'],
      [{ type: 'decline', reason: 'x'.repeat(1001) }, 'reason', 'tooLong'],
      [{ type: 'askInfo', question: '' }, 'question', 'empty'],
      [{ type: 'reassign', coachId: 'd0d0d0d0-0000-4000-8000-000000000000' }, 'coachId', 'invalid'],
      [{ type: 'decline' }, 'reason', 'invalid'],
      [{ type: 'fly' }, 'type', 'invalid'],
      [{ type: 'take', extra: true }, 'extra', 'invalid'],
      [{ type: 'decline', reason: 'x'.repeat(6000) }, 'reason', 'invalid'],
    ];
    for (const [body, field, problem] of cases) {
      const res = await actAs(app, coach, idea.id, body, etag);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
      check('ApiError', res.body);
      expect((res.body as ApiError).problems).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem })]));
    }
    const notJson = await app.post(`/api/ideas/${idea.id}/actions`, '{"type":', {
      ...bearer(await tokenFor(app, coach)),
      'if-match': etag,
    });
    expect(notJson.status).toBe(400);
    expect((await seen(coach, idea.id)).version).toBe(1);
  });

  it('takes an idea through its whole life: take, ask, advance with a comment, reassign, decline, reopen', async () => {
    const idea = await newIdea();
    let current = await seen(coach, idea.id);
    const step = async (who: Who, action: object): Promise<IdeaDetail> => {
      const res = await actAs(app, who, idea.id, action, current.etag);
      expect([JSON.stringify(action), res.status]).toEqual([JSON.stringify(action), 200]);
      current = (res.body as IdeaResponse).idea;
      return current;
    };
    await step(coach, { type: 'take' });
    expect(await step(coach, { type: 'askInfo', question: 'Hur många berörs?' })).toMatchObject({
      needsInfo: true,
      pendingQuestion: 'Hur många berörs?',
      actions: ['advance', 'decline', 'reassign'],
    });
    expect(await step(coach, { type: 'advance', comment: 'Vi testar i liten skala' })).toMatchObject({ stage: 'testing' });
    expect(await step(coach, { type: 'reassign', coachId: COACH_2.id })).toMatchObject({ coach: { id: COACH_2.id } });
    expect(await step(coach2, { type: 'decline', reason: 'Testet visade att behovet redan är löst.' })).toMatchObject({
      stage: 'closed',
      actions: ['reopen'],
    });
    expect(await step(coach2, { type: 'reopen', comment: 'Nytt läge' })).toMatchObject({ stage: 'testing' });
    expect(current.history.map((h) => h.kind)).toEqual([
      'submitted',
      'taken',
      'infoRequested',
      'advanced',
      'reassigned',
      'declined',
      'reopened',
    ]);
    expect(current.history.find((h) => h.kind === 'advanced')).toMatchObject({
      text: 'Vi testar i liten skala',
      from: 'screening',
      to: 'testing',
    });
  });

  it('answers an unknown idea with 404', async () => {
    const res = await actAs(app, coach, '00000000-0000-4000-a000-999999999998', { type: 'take' }, '"x"');
    expect(res.status).toBe(404);
  });
});
