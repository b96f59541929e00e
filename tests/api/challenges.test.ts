/**
 * Challenges (utmaningar) through `listChallenges` and `createChallenge`, against the whole server
 * and the embedded Cosmos: who may publish, what is refused (a last day in the past among it), that
 * a repeated form stores one challenge, that everyone lists them with the ideas that answer them,
 * and that one sluice never sees another's.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../bot/src/api/contracts';
import type { ChallengeResponse, ChallengesResponse, CreateChallengeRequest } from '../../bot/src/api/challenge-contracts';
import { createSluice } from '../../bot/src/domain/sluice';
import { addDays, stockholmDate } from '../../bot/src/domain/working-days';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const FAR_TENANT = '77777777-7777-4777-8777-777777777777';
const farCoach: Who = { id: 'c0ac0000-0000-4000-8000-0000000000f1', name: 'Per Holm', tenantId: FAR_TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
const today = stockholmDate(new Date());

beforeAll(async () => {
  app = await startTestApp();
  check = await schemaChecker(app);
});
afterAll(() => app.close());

type Res = { status: number; body: unknown; headers: Headers };

async function create(who: Who, form: Partial<CreateChallengeRequest>): Promise<Res> {
  const body: CreateChallengeRequest = {
    title: 'Färre ensamma äldre på vintern',
    need: 'Många äldre i hemtjänsten träffar ingen under vintermånaderna. Hur kan vi ändra på det?',
    department: 'Socialförvaltningen',
    openUntil: addDays(today, 14),
    idempotencyKey: randomUUID(),
    ...form,
  };
  return app.post('/api/challenges', body, bearer(await tokenFor(app, who)));
}

async function list(who: Who): Promise<ChallengesResponse> {
  const res = await getAs(app, who, '/api/challenges');
  expect(res.status).toBe(200);
  check('ChallengesResponse', res.body);
  return res.body as ChallengesResponse;
}

function problemsOf(res: Res): Array<[string, string]> {
  check('ApiError', res.body);
  return ((res.body as ApiError).problems ?? []).map((p) => [p.field, p.problem]);
}

describe('createChallenge and listChallenges', () => {
  it('names both operations in the OpenAPI document', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/api/challenges']?.['get']?.operationId).toBe('listChallenges');
    expect(doc.paths['/api/challenges']?.['post']?.operationId).toBe('createChallenge');
  });

  it('lets a coach publish a challenge that everyone then lists as open, stored once however often the form is sent', async () => {
    const key = randomUUID();
    const first = await create(coach, { title: 'Tryggare skolvägar', idempotencyKey: key });
    expect(first.status).toBe(201);
    check('ChallengeResponse', first.body);
    const made = (first.body as ChallengeResponse).challenge;
    expect(made).toMatchObject({ title: 'Tryggare skolvägar', open: true, owner: { id: COACH.id, name: COACH.name }, ideas: [] });

    const again = await create(coach, { title: 'Tryggare skolvägar', idempotencyKey: key });
    expect(again.status).toBe(200);
    expect((again.body as ChallengeResponse).challenge.id).toBe(made.id);

    const seen = await list(giver);
    expect(seen.items.filter((c) => c.title === 'Tryggare skolvägar')).toHaveLength(1);
    expect(seen.canCreate).toBe(false);
    expect(seen.channels).toEqual([]);
    // Where it was posted is for coaches only.
    expect(seen.items.find((c) => c.id === made.id)?.channels).toBeUndefined();
    expect((await list(coach)).canCreate).toBe(true);
  });

  it('refuses a giver, and stores nothing', async () => {
    const before = (await list(coach)).items.length;
    const res = await create(giver, { title: 'En giver försöker' });
    expect(res.status).toBe(403);
    check('ApiError', res.body);
    expect((res.body as ApiError).message).toMatch(/coaches and admins/);
    expect((await list(coach)).items).toHaveLength(before);
  });

  it('refuses a last day in the past with a clear answer, and stores nothing', async () => {
    const before = (await list(coach)).items.length;
    const res = await create(coach, { openUntil: addDays(today, -1) });
    expect(res.status).toBe(400);
    expect(problemsOf(res)).toEqual([['openUntil', 'tooEarly']]);
    expect((res.body as ApiError).message).toMatch(/openUntil is in the past/);
    expect((await list(coach)).items).toHaveLength(before);
  });

  it('takes today as the last day', async () => {
    const res = await create(coach, { title: 'Sista dagen idag', openUntil: today });
    expect(res.status).toBe(201);
    expect((res.body as ChallengeResponse).challenge.open).toBe(true);
  });

  it.each([
    ['a date that does not exist', { openUntil: '2027-02-30' }, [['openUntil', 'invalid']]],
    ['a date too far ahead', { openUntil: addDays(today, 400) }, [['openUntil', 'tooLate']]],
    ['a title of only spaces', { title: '   ' }, [['title', 'empty']]],
    ['a need too short to say anything', { need: 'Kort' }, [['need', 'tooShort']]],
    ['a need over 1 000 characters', { need: 'x'.repeat(1001) }, [['need', 'tooLong']]],
    ['an empty department', { department: '' }, [['department', 'empty']]],
    ['a channel the bot does not know', { channels: ['19:okand@thread.tacv2'] }, [['channels', 'invalid']]],
  ])('refuses %s', async (_what, form, expected) => {
    const before = (await list(coach)).items.length;
    const res = await create(coach, form as Partial<CreateChallengeRequest>);
    expect(res.status).toBe(400);
    expect(problemsOf(res)).toEqual(expected);
    expect((await list(coach)).items).toHaveLength(before);
  });

  it('refuses a body with unknown fields or a malformed key', async () => {
    const token = await tokenFor(app, coach);
    const unknown = await app.post(
      '/api/challenges',
      {
        title: 'Okänt fält',
        need: 'Ett behov som är långt nog',
        department: 'X',
        openUntil: today,
        idempotencyKey: randomUUID(),
        owner: 'x',
      },
      bearer(token),
    );
    expect(unknown.status).toBe(400);
    check('ApiError', unknown.body);
    const badKey = await create(coach, { idempotencyKey: '../..' });
    expect(badKey.status).toBe(400);
    expect(problemsOf(badKey).map(([field]) => field)).toEqual(['idempotencyKey']);
  });

  it('lists each challenge with the ideas that answer it, by number', async () => {
    const made = (await create(coach, { title: 'Mindre matsvinn i skolan' })).body as ChallengeResponse;
    const challengeId = made.challenge.id;
    const handIn = async (title: string, answer: boolean) => {
      const result = await app.services.ideas.submit({
        giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Utbildningsförvaltningen' },
        text: {
          title,
          need: 'Mycket mat slängs',
          idea: 'Väg matsvinnet varje dag',
          beneficiaries: ['staff'],
          department: 'Utbildningsförvaltningen',
        },
        source: 'chat',
        idempotencyKey: randomUUID(),
        ...(answer ? { challengeId } : {}),
      });
      if (!result.ok) throw new Error('not submitted');
      return result.idea;
    };
    const a = await handIn('Väg svinnet', true);
    await handIn('Något helt annat', false);
    const b = await handIn('Smaka först', true);
    const listed = (await list(giver)).items.find((c) => c.id === challengeId);
    expect(listed?.ideas.map((i) => [i.number, i.title, i.stage])).toEqual([
      [a.number, 'Väg svinnet', 'submitted'],
      [b.number, 'Smaka först', 'submitted'],
    ]);
  });

  it("never shows one sluice's challenges to another", async () => {
    await app.storage.sluices.create({
      ...createSluice({ id: 'fjarran', name: 'Fjärran idésluss', tenantIds: [FAR_TENANT], coachIds: [farCoach.id], now: new Date() }),
      municipalities: { [FAR_TENANT]: 'Fjärran' },
    });
    const far = await create(farCoach, { title: 'Fjärrans egen utmaning', department: 'Tekniska' });
    expect(far.status).toBe(201);
    expect((await list(coach)).items.map((c) => c.title)).not.toContain('Fjärrans egen utmaning');
    expect((await list(farCoach)).items.map((c) => c.title)).toEqual(['Fjärrans egen utmaning']);
  });
});
