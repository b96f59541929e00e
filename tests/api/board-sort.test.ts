/**
 * The board and lists filtered by challenge and sorted by score (issue 20, items 1 and 5), against
 * the whole server and the embedded Cosmos: only a challenge's own ideas, a challenge not of the
 * caller's sluice refused, the score order (highest first, unscored last) kept across continuation
 * tokens and after a new score, and the sort refused to anyone who may not see scores.
 */
import { randomUUID } from 'node:crypto';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { ChallengeResponse } from '../../bot/src/api/challenge-contracts';
import type { ApiError, BoardResponse, CountsResponse, IdeaCard, IdeaPage } from '../../bot/src/api/contracts';
import { addMissingScoreRanks } from '../../bot/src/adapters/cosmos/idea-repository';
import type { Idea } from '../../bot/src/domain/idea';
import { createSluice } from '../../bot/src/domain/sluice';
import { addDays, stockholmDate } from '../../bot/src/domain/working-days';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000031', tenantId: TENANT, name: 'Lars Nilsson' };
const FAR_TENANT = '78787878-7878-4787-8787-787878787878';
const farCoach: Who = { id: 'c0ac0000-0000-4000-8000-0000000000f7', name: 'Per Holm', tenantId: FAR_TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let sluiceId: string;
let criterion: string;

async function call(method: string, who: Who, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.call(method, pathname, body, { ...bearer(await tokenFor(app, who)), ...headers });
}

async function publish(who: Who, title: string): Promise<string> {
  const res = await call('POST', who, '/api/challenges', {
    title,
    need: 'Ett behov som kommunen har sett och vill ha idéer om',
    department: who === farCoach ? 'Tekniska' : 'Socialförvaltningen',
    openUntil: addDays(stockholmDate(new Date()), 14),
    idempotencyKey: randomUUID(),
  });
  expect(res.status).toBe(201);
  return (res.body as ChallengeResponse).challenge.id;
}

async function handIn(title: string, challengeId?: string): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title,
      need: 'Många äldre är ensamma',
      idea: 'Fika i trapphuset',
      beneficiaries: ['residents'],
      department: 'Socialförvaltningen',
    },
    source: 'chat',
    idempotencyKey: randomUUID(),
    ...(challengeId ? { challengeId } : {}),
  });
  if (!result.ok) throw new Error('not submitted');
  return result.idea;
}

/** One criterion of weight 1: a score of 1–5 is a weighted 0, 25, 50, 75 or 100. */
async function score(who: Who, ideaId: string, value: number): Promise<void> {
  const res = await call('PUT', who, `/api/ideas/${ideaId}/scores`, { scores: { [criterion]: value } });
  expect(res.status).toBe(200);
}

function problemsOf(res: { body: unknown }): Array<[string, string]> {
  check('ApiError', res.body);
  return ((res.body as ApiError).problems ?? []).map((p) => [p.field, p.problem]);
}

/** Every page of a list, following continuation tokens, with the number of pages read. */
async function allPages(who: Who, query: string): Promise<{ items: IdeaCard[]; pages: number }> {
  const items: IdeaCard[] = [];
  let continuation: string | undefined;
  let pages = 0;
  do {
    const res = await getAs(app, who, `/api/ideas?${query}${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`);
    expect(res.status).toBe(200);
    check('IdeaPage', res.body);
    const page = res.body as IdeaPage;
    items.push(...page.items);
    continuation = page.continuation;
    pages++;
  } while (continuation && pages < 100);
  return { items, pages };
}

beforeAll(async () => {
  app = await startTestApp(
    { OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0', DEFAULT_ADMIN_IDS: ADMIN.id },
    { connector: true, meet: [GIVER, COACH] },
  );
  check = await schemaChecker(app);
  sluiceId = (await app.storage.sluices.findByTenant(TENANT))!.value.id;
  const now = (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
  const res = await call(
    'PUT',
    ADMIN,
    '/api/admin/sluice',
    { ...now.settings, criteria: [{ name: 'Nytta', weight: 1 }] },
    { 'if-match': now.etag },
  );
  expect(res.status).toBe(200);
  criterion = ((await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse).settings.criteria![0]!.id!;
  await app.storage.sluices.create({
    ...createSluice({ id: 'fjarran-sort', name: 'Fjärran idésluss', tenantIds: [FAR_TENANT], coachIds: [farCoach.id], now: new Date() }),
    municipalities: { [FAR_TENANT]: 'Fjärran' },
  });
});
afterAll(() => app?.close());

describe('the challenge filter (challenge=)', () => {
  let challenge: string;
  let answers: Idea[];
  beforeAll(async () => {
    challenge = await publish(coach, 'Färre ensamma äldre');
    answers = [await handIn('Fika i trapphuset', challenge), await handIn('Promenadgrupp', challenge)];
    await handIn('Något helt annat');
  });

  it('gives the board, the counts and the list only the ideas that answer the challenge', async () => {
    const board = await getAs(app, giver, `/api/board?challenge=${challenge}`);
    expect(board.status).toBe(200);
    check('BoardResponse', board.body);
    const body = board.body as BoardResponse;
    expect(body.total).toBe(2);
    expect(body.counts.submitted).toBe(2);
    expect(body.columns.submitted.items.map((i) => i.id).sort()).toEqual(answers.map((i) => i.id).sort());

    const counts = (await getAs(app, giver, `/api/counts?challenge=${challenge}`)).body as CountsResponse;
    expect(counts.total).toBe(2);
    const list = await allPages(giver, `challenge=${challenge}&pageSize=1`);
    expect(list.items.map((i) => i.title)).toEqual(['Promenadgrupp', 'Fika i trapphuset']);
    expect(list.pages).toBe(2);

    const unfiltered = (await getAs(app, giver, '/api/board')).body as BoardResponse;
    expect(unfiltered.total).toBeGreaterThan(2);
  });

  it("refuses a challenge that is unknown or another sluice's with the same 400, and a malformed id", async () => {
    const far = await publish(farCoach, 'Fjärrans utmaning');
    for (const id of [far, 'challenge-0000000000000000000000000000dead']) {
      for (const path of ['/api/board', '/api/ideas', '/api/counts']) {
        const res = await getAs(app, coach, `${path}?challenge=${id}`);
        expect(res.status).toBe(400);
        expect(problemsOf(res)).toEqual([['challenge', 'invalid']]);
        expect((res.body as ApiError).message).toContain('is not a challenge of your sluice');
      }
    }
    const bad = await getAs(app, coach, '/api/ideas?challenge=..');
    expect(bad.status).toBe(400);
    expect(problemsOf(bad).map(([field]) => field)).toEqual(['challenge']);
    // The far sluice's own coach filters by it.
    expect(((await getAs(app, farCoach, `/api/board?challenge=${far}`)).body as BoardResponse).total).toBe(0);
  });

  it('refuses a continuation token of another challenge', async () => {
    const other = await publish(coach, 'Mindre matsvinn');
    await handIn('Väg svinnet', other);
    const first = (await getAs(app, coach, `/api/ideas?challenge=${challenge}&pageSize=1`)).body as IdeaPage;
    expect(first.continuation).toBeDefined();
    const res = await getAs(app, coach, `/api/ideas?challenge=${other}&pageSize=1&continuation=${first.continuation}`);
    expect(res.status).toBe(400);
    expect(problemsOf(res)).toEqual([['continuation', 'invalid']]);
  });
});

describe('sort=score', () => {
  let challenge: string;
  let ideas: Idea[];
  beforeAll(async () => {
    challenge = await publish(coach, 'Tryggare skolväg');
    ideas = [];
    for (const title of ['A', 'B', 'C', 'D', 'E']) ideas.push(await handIn(`Skolväg ${title}`, challenge));
    // Scores are given from the Idésamtal on: the coach takes each idea first.
    for (const idea of ideas) {
      const took = await app.services.ideas.act(sluiceId, idea.id, { ...COACH, tenantId: TENANT }, { type: 'take' });
      if (!took.ok) throw new Error(`take: ${took.error}`);
    }
  });

  it('lists coaches the highest score first, the unscored last and newest first among equals', async () => {
    const [a, b, c, d, e] = ideas as [Idea, Idea, Idea, Idea, Idea];
    await score(coach, b.id, 2); // 25
    await score(coach, d.id, 5); // 100
    await score(coach, a.id, 2); // 25, older than B
    const list = await allPages(coach, `challenge=${challenge}&sort=score&pageSize=2`);
    expect(list.items.map((i) => [i.title, i.score])).toEqual([
      ['Skolväg D', 100],
      ['Skolväg B', 25],
      ['Skolväg A', 25],
      ['Skolväg E', undefined],
      ['Skolväg C', undefined],
    ]);
    expect(list.pages).toBe(3);
    // A new score moves the idea at once: the sort key is written with the score.
    await score(coach, e.id, 4); // 75
    await score(coach, d.id, 1); // 0
    const board = await getAs(app, coach, `/api/board?challenge=${challenge}&sort=score`);
    expect(board.status).toBe(200);
    expect((board.body as BoardResponse).columns.screening.items.map((i) => i.title)).toEqual([
      'Skolväg E',
      'Skolväg B',
      'Skolväg A',
      'Skolväg D',
      'Skolväg C',
    ]);
    expect(c.score).toBeUndefined();
  });

  it('keeps paging right over many ideas with equal scores and none', async () => {
    const many = await publish(coach, 'Många idéer');
    const stored: Idea[] = [];
    for (let i = 0; i < 23; i++) {
      const weighted = i % 3 === 0 ? undefined : [0, 50, 100][i % 3 === 1 ? i % 2 : 2]!;
      stored.push(
        await storeIdea(app, {
          sluiceId,
          tenantId: TENANT,
          giver: { id: GIVER.id, tenantId: TENANT, name: GIVER.name, locale: 'sv' },
          challengeId: many,
          ...(weighted === undefined ? {} : { score: { weighted, coaches: 1 } }),
        }),
      );
    }
    const expected = [...stored]
      .sort((x, y) => {
        if (x.score && !y.score) return -1;
        if (!x.score && y.score) return 1;
        if (x.score && y.score && x.score.weighted !== y.score.weighted) return y.score.weighted - x.score.weighted;
        return y.createdAtMs - x.createdAtMs || (y.id < x.id ? -1 : 1);
      })
      .map((i) => i.id);
    for (const pageSize of [1, 4, 7]) {
      const { items } = await allPages(coach, `challenge=${many}&sort=score&pageSize=${pageSize}`);
      expect(items.map((i) => i.id)).toEqual(expected);
    }
  });

  it('refuses the sort to a giver or colleague (403) on the board, the list and Mina idéer', async () => {
    for (const path of ['/api/board?sort=score', '/api/ideas?sort=score', '/api/ideas/mine?sort=score']) {
      const res = await getAs(app, giver, path);
      expect(res.status).toBe(403);
      check('ApiError', res.body);
      expect(JSON.stringify(res.body)).not.toContain('weighted');
    }
    const own = (await getAs(app, giver, `/api/ideas?challenge=${challenge}`)).body as IdeaPage;
    expect(own.items.length).toBe(5);
    expect(own.items.every((i) => i.score === undefined)).toBe(true);
  });

  it('refuses a token made for another sort', async () => {
    const newest = (await getAs(app, coach, `/api/ideas?challenge=${challenge}&pageSize=2`)).body as IdeaPage;
    const res = await getAs(app, coach, `/api/ideas?challenge=${challenge}&sort=score&pageSize=2&continuation=${newest.continuation}`);
    expect(res.status).toBe(400);
    expect(problemsOf(res)).toEqual([['continuation', 'invalid']]);
  });

  it('gives an idea stored before the score sort its sort key, so the sort never leaves it out or puts it last', async () => {
    const old = await publish(coach, 'Gamla idéer');
    const giverRef = { id: GIVER.id, tenantId: TENANT, name: GIVER.name, locale: 'sv' as const };
    const legacy = await storeIdea(app, {
      sluiceId,
      tenantId: TENANT,
      giver: giverRef,
      challengeId: old,
      score: { weighted: 60, coaches: 1 },
    });
    const unscored = await storeIdea(app, { sluiceId, tenantId: TENANT, giver: giverRef, challengeId: old });
    // As an earlier version stored it: no scoreRank on the document.
    const { resource } = await app.storage.containers.ideas.item(legacy.id, sluiceId).read<Record<string, unknown>>();
    const { scoreRank, ...before } = resource!;
    expect(typeof scoreRank).toBe('number');
    await app.storage.containers.ideas.item(legacy.id, sluiceId).replace(before);
    const missing = await allPages(coach, `challenge=${old}&sort=score`);
    expect(missing.items.map((i) => i.id)[0]).not.toBe(legacy.id);

    expect(await addMissingScoreRanks(app.storage.containers.ideas, sluiceId)).toBe(1);
    expect(await addMissingScoreRanks(app.storage.containers.ideas, sluiceId)).toBe(0);
    const found = await allPages(coach, `challenge=${old}&sort=score`);
    expect(found.items.map((i) => [i.id, i.score])).toEqual([
      [legacy.id, 60],
      [unscored.id, undefined],
    ]);
  });
});
