/**
 * Evaluation criteria and scores (issue 20, item 5) through the tab API, against the whole server
 * and the embedded Cosmos: an admin defines the criteria in the sluice settings, coaches score an
 * idea 1–5 per criterion, the idea keeps the weighted score 0–100, a repeat replaces a coach's
 * scores, and neither scores nor the weighted score ever reach the giver or a colleague.
 */
import { randomUUID } from 'node:crypto';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { ApiError, BoardResponse, IdeaDetail, IdeaResponse, SubmitIdeaRequest } from '../../bot/src/api/contracts';
import type { ScoresView } from '../../bot/src/domain/scoring/scores';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000021', tenantId: TENANT, name: 'Lars Nilsson' };
const COACH2 = { id: 'c0ac0000-0000-4000-8000-000000000022', name: 'Sara Lind' };
const coach2: Who = { ...COACH2, tenantId: TENANT };
const COLLEAGUE = { id: '61e00000-0000-4000-8000-0000000000d1', name: 'Per Ek' };
const colleague: Who = { ...COLLEAGUE, tenantId: TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let effect: string, cost: string;

async function call(method: string, who: Who, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.call(method, pathname, body, { ...bearer(await tokenFor(app, who)), ...headers });
}

async function putSettings(who: Who, edit: (s: SluiceSettingsResponse['settings']) => unknown) {
  const now = (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
  return call('PUT', who, '/api/admin/sluice', edit(now.settings), { 'if-match': now.etag });
}

async function handIn(title: string): Promise<IdeaDetail> {
  const form: SubmitIdeaRequest = {
    title,
    need: 'Föräldrar glömmer anmälan',
    idea: 'Ett sms en vecka innan',
    beneficiaries: ['residents'],
    department: 'Kultur- och fritidsförvaltningen',
    idempotencyKey: randomUUID(),
  };
  const res = await call('POST', giver, '/api/ideas', form);
  expect(res.status).toBe(201);
  return (res.body as IdeaResponse).idea;
}

async function score(who: Who, id: string, scores: Record<string, unknown>) {
  return call('PUT', who, `/api/ideas/${id}/scores`, { scores });
}

/** Runs the outbox until it is empty: a criteria change rescores the ideas as a job of its own (rescore-job.test.ts). */
async function drain(): Promise<void> {
  while ((await app.services.notifications.runOnce()) > 0);
}

async function storedScore(id: string) {
  return (await app.storage.ideas.get((await app.storage.sluices.findByTenant(TENANT))!.value.id, id))!.value.score;
}

beforeAll(async () => {
  app = await startTestApp(
    { OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0', DEFAULT_ADMIN_IDS: ADMIN.id },
    { connector: true, meet: [GIVER, COACH, COLLEAGUE] },
  );
  check = await schemaChecker(app);
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  await app.storage.sluices.replace(
    { ...found.value, coaches: [...found.value.coaches, { id: COACH2.id, name: COACH2.name }] },
    found.etag,
  );
});
afterAll(() => app?.close());

describe('criteria in the sluice settings (updateSluice)', () => {
  it('are stored by an admin, each given an id, and shown by getSluice', async () => {
    const res = await putSettings(ADMIN, (s) => ({
      ...s,
      criteria: [
        { name: 'Nytta för invånarna', description: 'Hur många får det bättre?', weight: 3 },
        { name: 'Kostnad', weight: 1 },
      ],
    }));
    expect(res.status).toBe(200);
    const view = (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
    check('SluiceSettingsResponse', view);
    const criteria = view.settings.criteria ?? [];
    expect(criteria.map((c) => [c.name, c.weight])).toEqual([
      ['Nytta för invånarna', 3],
      ['Kostnad', 1],
    ]);
    expect(criteria[0]!.description).toBe('Hur många får det bättre?');
    effect = criteria[0]!.id!;
    cost = criteria[1]!.id!;
    expect(effect).not.toBe(cost);
  });

  it('refuses an empty name, a weight outside 1–10 and a duplicate, naming each field, and keeps what was stored', async () => {
    const res = await putSettings(ADMIN, (s) => ({
      ...s,
      criteria: [
        { name: '  ', weight: 2 },
        { name: 'Kostnad', weight: 0 },
        { name: 'kostnad', weight: 2.5 },
      ],
    }));
    expect(res.status).toBe(400);
    const fields = (res.body as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['criteria.0.name', 'criteria.1.weight', 'criteria.2.name', 'criteria.2.weight']));
    const view = (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
    expect(view.settings.criteria?.map((c) => c.id)).toEqual([effect, cost]);
  });

  it('may not be changed by a coach', async () => {
    const res = await putSettings(coach, (s) => ({ ...s, criteria: [] }));
    expect(res.status).toBe(403);
  });
});

describe('scoreIdea (PUT /api/ideas/{id}/scores)', () => {
  let idea: IdeaDetail;
  beforeAll(async () => {
    idea = await handIn('Sms om simskolan');
    // At the Idésamtal: scores are taken from there on (see 'scoring from the Idésamtal on').
    const etag = ((await getAs(app, coach, `/api/ideas/${idea.id}`)).body as IdeaResponse).idea.etag;
    expect((await actAs(app, coach, idea.id, { type: 'take' }, etag)).status).toBe(200);
  });

  it('stores a coach’s scores and keeps the weighted score 0–100 on the idea', async () => {
    // Nytta 5 (100) weighs 3, Kostnad 2 (25) weighs 1: (300 + 25) / 4 = 81.25 → 81.
    const res = await score(coach, idea.id, { [effect]: 5, [cost]: 2 });
    expect(res.status).toBe(200);
    check('ScoresResponse', res.body);
    const view = res.body as ScoresView;
    expect(view.mine?.scores).toEqual({ [effect]: 5, [cost]: 2 });
    expect(view.mine?.weighted).toBe(81);
    expect(view.weighted).toBe(81);
    expect(await storedScore(idea.id)).toEqual({ weighted: 81, coaches: 1 });
  });

  it('replaces the coach’s scores when repeated, never adding a second sheet', async () => {
    for (let i = 0; i < 3; i++) expect((await score(coach, idea.id, { [effect]: 3, [cost]: 3 })).status).toBe(200);
    const view = (await getAs(app, coach, `/api/ideas/${idea.id}/scores`)).body as ScoresView;
    check('ScoresResponse', view);
    expect(view.sheets).toHaveLength(1);
    expect(view.weighted).toBe(50);
    const { resources } = await app.storage.containers.participation.items
      .query({
        query: "SELECT VALUE COUNT(1) FROM c WHERE c.kind = 'score' AND c.ideaId = @id",
        parameters: [{ name: '@id', value: idea.id }],
      })
      .fetchAll();
    expect(resources).toEqual([1]);
  });

  it('averages the coaches: a second coach and an admin each count once', async () => {
    expect((await score(coach2, idea.id, { [effect]: 1, [cost]: 1 })).status).toBe(200); // 0
    const res = await score(ADMIN, idea.id, { [effect]: 5 }); // only Nytta: 100
    expect(res.status).toBe(200);
    const view = res.body as ScoresView;
    expect(view.sheets.map((s) => s.weighted)).toEqual([50, 0, 100]);
    expect(view.weighted).toBe(50);
    expect(await storedScore(idea.id)).toEqual({ weighted: 50, coaches: 3 });
  });

  it('refuses the giver and a colleague (403), whatever they send', async () => {
    for (const who of [giver, colleague]) {
      const put = await score(who, idea.id, { [effect]: 5 });
      expect(put.status).toBe(403);
      expect((put.body as ApiError).code).toBe('Forbidden');
      expect((await getAs(app, who, `/api/ideas/${idea.id}/scores`)).status).toBe(403);
    }
    expect(await storedScore(idea.id)).toEqual({ weighted: 50, coaches: 3 });
  });

  it('refuses an unknown criterion, a score outside 1–5 and no score at all, naming the field', async () => {
    const res = await score(coach, idea.id, { [effect]: 6, [cost]: 2.5, other: 3 });
    expect(res.status).toBe(400);
    const fields = (res.body as { problems: { field: string }[] }).problems.map((p) => p.field).sort();
    expect(fields).toEqual([`scores.${cost}`, `scores.${effect}`, 'scores.other'].sort());
    const empty = await score(coach, idea.id, {});
    expect(empty.status).toBe(400);
    expect((empty.body as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(['scores']);
    const text = await call('PUT', coach, `/api/ideas/${idea.id}/scores`, { scores: { [effect]: 'fem' } });
    expect(text.status).toBe(400);
    expect(await storedScore(idea.id)).toEqual({ weighted: 50, coaches: 3 });
  });

  it('shows the weighted score on the board cards, lists and panel of coaches and admins', async () => {
    for (const who of [coach, ADMIN]) {
      const panel = await getAs(app, who, `/api/ideas/${idea.id}`);
      check('IdeaResponse', panel.body);
      expect((panel.body as IdeaResponse).idea.score).toBe(50);
      const board = await getAs(app, who, '/api/board');
      check('BoardResponse', board.body);
      const card = (board.body as BoardResponse).columns.screening.items.find((i) => i.id === idea.id);
      expect(card?.score).toBe(50);
      const list = (await getAs(app, who, '/api/ideas')).body as { items: IdeaDetail[] };
      expect(list.items.find((i) => i.id === idea.id)?.score).toBe(50);
    }
  });

  it('answers 404 for an unknown idea', async () => {
    expect((await score(coach, 'no-such-idea', { [effect]: 3 })).status).toBe(404);
  });

  it('never shows scores to the giver or a colleague: not on the board, the panel, their ideas or a card', async () => {
    app.connector.reset();
    const moved = await actAs(
      app,
      coach,
      idea.id,
      { type: 'advance' },
      ((await getAs(app, coach, `/api/ideas/${idea.id}`)).body as IdeaResponse).idea.etag,
    );
    expect(moved.status).toBe(200);
    for (let round = 0; round < 4; round++) await app.services.notifications.runOnce();
    for (const who of [giver, colleague]) {
      const paths = [`/api/ideas/${idea.id}`, '/api/board', '/api/ideas', ...(who === giver ? ['/api/ideas/mine'] : [])];
      for (const path of paths) {
        const res = await getAs(app, who, path);
        expect(res.status).toBe(200);
        const body = JSON.stringify(res.body);
        expect(body).toContain(idea.id);
        expect(body).not.toMatch(/score|weighted|Nytta för invånarna/i);
      }
    }
    const cards = app.connector.sent().filter((a) => a.conversationId === `a:personal-${GIVER.id}`);
    expect(cards.length).toBeGreaterThan(0);
    for (const activity of cards) {
      const attachments = (activity['attachments'] as Array<{ content: Record<string, unknown> }> | undefined) ?? [];
      for (const a of attachments) validateCard(a.content);
      expect(JSON.stringify(activity)).not.toMatch(/score|weighted|Nytta för invånarna|Bedömning/i);
    }
  });
});

describe('scoring from the Idésamtal on (scoreIdea at each stage)', () => {
  async function act(id: string, action: unknown) {
    const etag = ((await getAs(app, coach, `/api/ideas/${id}`)).body as IdeaResponse).idea.etag;
    const res = await actAs(app, coach, id, action, etag);
    expect(res.status).toBe(200);
  }
  async function scoresOf(id: string): Promise<ScoresView> {
    const res = await getAs(app, coach, `/api/ideas/${id}/scores`);
    expect(res.status).toBe(200);
    check('ScoresResponse', res.body);
    return res.body as ScoresView;
  }

  it('refuses an idea waiting for a coach with 409 NotAllowedNow and stores nothing, then takes scores once it is taken', async () => {
    const waiting = await handIn('Väntar på en idécoach');
    expect((await scoresOf(waiting.id)).takesScores).toBe(false);
    const refused = await score(coach, waiting.id, { [effect]: 4 });
    expect(refused.status).toBe(409);
    check('ApiError', refused.body);
    expect(refused.body).toMatchObject({ code: 'NotAllowedNow', message: expect.stringContaining('Idésamtal') });
    expect(await storedScore(waiting.id)).toBeUndefined();
    expect((await scoresOf(waiting.id)).sheets).toEqual([]);

    await act(waiting.id, { type: 'take' });
    expect((await scoresOf(waiting.id)).takesScores).toBe(true);
    expect((await score(coach, waiting.id, { [effect]: 4 })).status).toBe(200);
    await act(waiting.id, { type: 'advance', comment: 'Vi testar' });
    expect((await score(coach2, waiting.id, { [effect]: 2 })).status).toBe(200);
    expect((await scoresOf(waiting.id)).sheets).toHaveLength(2);
  });

  it('refuses a closed idea, keeping its scores readable, and takes scores again once it is reopened', async () => {
    const idea = await handIn('Avslutas efter samtalet');
    await act(idea.id, { type: 'take' });
    expect((await score(coach, idea.id, { [effect]: 5 })).status).toBe(200);
    const before = await storedScore(idea.id);
    await act(idea.id, { type: 'decline', reason: 'Görs redan av fastighetsbolaget' });
    const closed = await scoresOf(idea.id);
    expect(closed.takesScores).toBe(false);
    expect(closed.sheets.map((s) => s.scores)).toEqual([{ [effect]: 5 }]);
    const refused = await score(coach, idea.id, { [effect]: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'NotAllowedNow', message: expect.stringContaining('closed') });
    expect(await storedScore(idea.id)).toEqual(before);

    await act(idea.id, { type: 'reopen' });
    expect((await scoresOf(idea.id)).takesScores).toBe(true);
    expect((await score(coach, idea.id, { [effect]: 1 })).status).toBe(200);
  });

  it('describes the rule and the 409 in the OpenAPI document', async () => {
    const doc = (await app.get('/api/openapi.json')).body as {
      paths: Record<string, { put: { description: string; responses: Record<string, { description: string }> } }>;
    };
    const op = doc.paths['/api/ideas/{id}/scores']!.put;
    expect(op.description).toContain('screening, testing, implementing, done');
    expect(op.responses['409']!.description).toContain('NotAllowedNow');
  });
});

describe('changing the criteria rescores the ideas (updateSluice, then its rescore job)', () => {
  it('drops a removed criterion from every score: its scores count no more and are not shown', async () => {
    const idea = ((await getAs(app, coach, '/api/ideas')).body as { items: IdeaDetail[] }).items.find(
      (i) => i.title === 'Sms om simskolan',
    )!;
    // Before: coach {Nytta 3, Kostnad 3} 50, Sara {1, 1} 0, the admin {Nytta 5} 100 → 50.
    expect(await storedScore(idea.id)).toEqual({ weighted: 50, coaches: 3 });
    const res = await putSettings(ADMIN, (s) => ({ ...s, criteria: (s.criteria ?? []).filter((c) => c.id !== effect) }));
    expect(res.status).toBe(200);
    await drain();
    // Only Kostnad is left: coach 3 → 50, Sara 1 → 0; the admin scored only Nytta and counts no more.
    expect(await storedScore(idea.id)).toEqual({ weighted: 25, coaches: 2 });
    const view = (await getAs(app, coach, `/api/ideas/${idea.id}/scores`)).body as ScoresView;
    check('ScoresResponse', view);
    expect(view.criteria.map((c) => c.id)).toEqual([cost]);
    expect(view.sheets.map((s) => [s.scores, s.weighted])).toEqual([
      [{ [cost]: 3 }, 50],
      [{ [cost]: 1 }, 0],
      [{}, undefined],
    ]);
    expect(view.weighted).toBe(25);
    const card = ((await getAs(app, coach, '/api/ideas')).body as { items: IdeaDetail[] }).items.find((i) => i.id === idea.id);
    expect(card?.score).toBe(25);
  });

  it('follows a new weight, and removing every criterion removes the score', async () => {
    const idea = ((await getAs(app, coach, '/api/ideas')).body as { items: IdeaDetail[] }).items.find(
      (i) => i.title === 'Sms om simskolan',
    )!;
    const back = await putSettings(ADMIN, (s) => ({
      ...s,
      criteria: [{ name: 'Nytta för invånarna', weight: 1 }, ...(s.criteria ?? []).map((c) => ({ ...c, weight: 3 }))],
    }));
    expect(back.status).toBe(200);
    await drain();
    // The same name gives the same id, so the earlier Nytta scores count again, now at weight 1 against Kostnad's 3:
    // coach (50·1 + 50·3) / 4 = 50, Sara 0, the admin 100 → 50.
    expect(await storedScore(idea.id)).toEqual({ weighted: 50, coaches: 3 });
    expect((await putSettings(ADMIN, (s) => ({ ...s, criteria: [] }))).status).toBe(200);
    await drain();
    expect(await storedScore(idea.id)).toBeUndefined();
  });
});

describe('a sluice without criteria', () => {
  it('answers scoreIdea with 409 NoCriteria', async () => {
    expect((await putSettings(ADMIN, (s) => ({ ...s, criteria: [] }))).status).toBe(200);
    const idea = await handIn('Utan kriterier');
    const res = await score(coach, idea.id, { anything: 3 });
    expect(res.status).toBe(409);
    expect((res.body as ApiError).code).toBe('NoCriteria');
  });
});
