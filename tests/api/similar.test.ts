import type { SimilarIdeasResponse } from '../../bot/src/api/similar-contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { createSluice } from '../../bot/src/domain/sluice';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, OTHER_TENANT, TENANT } from '../../bot/src/local/activities';
import { bearer, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const outsider: Who = { id: '61e00000-0000-4000-8000-0000000000ff', tenantId: OTHER_TENANT, name: 'Eva Ek' };

let app: TestApp;
let token: string;
let swim: Idea;
let swim2: Idea;
let otherSluiceIdea: Idea;

async function submit(title: string, need: string, idea: string, department = 'Kultur- och fritidsförvaltningen'): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...giver, locale: 'sv', department },
    text: { title, need, idea, department, beneficiaries: ['residents'] },
    source: 'tab',
    idempotencyKey: title,
  });
  if (!result.ok) throw new Error(`submit failed: ${result.error}`);
  return result.idea;
}

function find(body: unknown, who = token) {
  return app.post('/api/ideas/similar', body, bearer(who));
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  app = await startTestApp({ SIMILAR_REFRESH_MS: '200' });
  token = await tokenFor(app, giver);
  swim = await submit(
    'Påminn föräldrar om simskolan',
    'Barn kommer inte till simskolan, föräldrarna glömmer tiderna.',
    'Skicka en påminnelse med sms dagen före varje simlektion.',
  );
  swim2 = await submit(
    'SMS-påminnelse inför simlektioner',
    'Barnen uteblir från simlektionerna.',
    'Automatiska påminnelser till vårdnadshavare kvällen innan simlektionen.',
    'Barn- och utbildningsförvaltningen',
  );
  await submit('Julbelysning i centrum', 'Torget är mörkt i december.', 'Mer julbelysning i träden på torget.', 'Tekniska förvaltningen');
  await app.storage.sluices.create(
    createSluice({ id: 'other', name: 'Grannslussen', tenantIds: [OTHER_TENANT], coachIds: [], now: new Date() }),
  );
  otherSluiceIdea = await storeIdea(app, {
    sluiceId: 'other',
    tenantId: OTHER_TENANT,
    giver: { ...outsider, locale: 'sv' },
    title: 'Påminn föräldrar om simskolan',
    need: 'Föräldrar glömmer simskolan.',
    idea: 'SMS-påminnelse om simlektionen.',
    updatedAt: new Date().toISOString(),
  });
});

afterAll(() => app.close());

describe('findSimilarIdeas (POST /api/ideas/similar)', () => {
  it('suggests the sluice’s ideas like a draft, with number, stage, department and what they share', async () => {
    const res = await find({ title: 'Påminnelse om simlektion', need: 'Föräldrar missar simskolan' });
    expect(res.status).toBe(200);
    const body = res.body as SimilarIdeasResponse;
    (await schemaChecker(app))('SimilarIdeasResponse', body);
    expect(body.items.map((i) => i.id).sort()).toEqual([swim.id, swim2.id].sort());
    const first = body.items.find((i) => i.id === swim2.id)!;
    expect(first).toMatchObject({
      number: swim2.number,
      title: swim2.title,
      stage: 'submitted',
      department: 'Barn- och utbildningsförvaltningen',
    });
    expect(first.shared).toEqual(expect.arrayContaining(['påminnelse', 'simlektion']));
    expect(first.score).toBeGreaterThan(0);
  });

  it('never shows another sluice’s ideas', async () => {
    const mine = (await find({ title: 'Påminn föräldrar om simskolan', need: 'SMS-påminnelse om simlektionen' }))
      .body as SimilarIdeasResponse;
    expect(mine.items.map((i) => i.id)).not.toContain(otherSluiceIdea.id);
    const outsiderToken = await tokenFor(app, outsider);
    const theirs = await waitFor(
      () => find({ title: 'Påminn föräldrar om simskolan', need: 'sms' }, outsiderToken),
      (r) => (r.body as SimilarIdeasResponse).items.length > 0,
    );
    expect((theirs.body as SimilarIdeasResponse).items.map((i) => i.id)).toEqual([otherSluiceIdea.id]);
  });

  it('gives nothing for an empty or one-word draft', async () => {
    for (const body of [{}, { title: '' }, { title: 'simskolan' }, { title: '🏊🏊', need: '**' }]) {
      const res = await find(body);
      expect(res.status).toBe(200);
      expect((res.body as SimilarIdeasResponse).items).toEqual([]);
    }
  });

  it('handles 4 000 characters, emoji, right-to-left text and markdown', async () => {
    const long = `**Simskolan** 🏊 och föräldrarna, مدرسة السباحة. ${'Vi behöver en lösning. '.repeat(200)}`.slice(0, 4000);
    const res = await find({ title: 'Simskolan – påminnelse 🏊', need: '> föräldrar glömmer _simlektionen_', idea: long });
    expect(res.status).toBe(200);
    expect((res.body as SimilarIdeasResponse).items.map((i) => i.id)).toContain(swim.id);
  });

  it('refuses bad input with a readable 400', async () => {
    for (const body of [
      { title: 'x'.repeat(121) },
      { title: 3 },
      { title: 'Simskola påminnelse', limit: 0 },
      { title: 'Simskola', extra: true },
    ]) {
      const res = await find(body);
      expect(res.status).toBe(400);
      expect((res.body as { message: string }).message).toMatch(/^Invalid body: /);
    }
  });

  it('needs a signed-in member', async () => {
    expect((await app.post('/api/ideas/similar', { title: 'Simskola påminnelse' })).status).toBe(401);
  });
});

describe('getSimilarIdeas (GET /api/ideas/{id}/similar)', () => {
  it('gives the ideas like one idea, itself left out, at most `limit`', async () => {
    const res = await app.get(`/api/ideas/${swim.id}/similar?limit=5`, bearer(token));
    expect(res.status).toBe(200);
    expect((res.body as SimilarIdeasResponse).items.map((i) => i.id)).toEqual([swim2.id]);
    const one = await app.get(`/api/ideas/${swim.id}/similar?limit=1`, bearer(token));
    expect((one.body as SimilarIdeasResponse).items).toHaveLength(1);
  });

  it('answers 404 for an idea of another sluice, and 400 for a bad id or limit', async () => {
    expect((await app.get(`/api/ideas/${otherSluiceIdea.id}/similar`, bearer(token))).status).toBe(404);
    expect((await app.get(`/api/ideas/${encodeURIComponent('x y')}/similar`, bearer(token))).status).toBe(400);
    for (const limit of ['0', '11', 'abc', '1.5'])
      expect((await app.get(`/api/ideas/${swim.id}/similar?limit=${limit}`, bearer(token))).status).toBe(400);
  });

  it('shows a closed idea with its reason, after the coach declined it', async () => {
    const declined = await app.services.ideas.act(swim.sluiceId, swim2.id, coach, { type: 'decline', reason: 'Badhuset gör redan detta.' });
    expect(declined.ok).toBe(true);
    const res = await app.get(`/api/ideas/${swim.id}/similar`, bearer(token));
    expect((res.body as SimilarIdeasResponse).items[0]).toMatchObject({
      id: swim2.id,
      stage: 'closed',
      closedReason: 'Badhuset gör redan detta.',
    });
  });
});

describe('the index', () => {
  it('picks up an idea another instance wrote straight to the database', async () => {
    const written = await storeIdea(app, {
      sluiceId: swim.sluiceId,
      tenantId: TENANT,
      giver: { ...giver, locale: 'sv' },
      title: 'Cykelgarage vid resecentrum',
      need: 'Cyklar blir stulna vid stationen.',
      idea: 'Ett låst cykelgarage för pendlare.',
      updatedAt: new Date().toISOString(),
    });
    const res = await waitFor(
      () => find({ title: 'Låst cykelgarage för pendlare', need: 'stölder vid stationen' }),
      (r) => (r.body as SimilarIdeasResponse).items.some((i) => i.id === written.id),
    );
    expect(res.status).toBe(200);
  });

  it('is built from the database at start', async () => {
    const dataDir = app.dataDir;
    const restarted = await startTestApp({ DATA_DIR: dataDir, SIMILAR_REFRESH_MS: '0' });
    try {
      await restarted.services.similar.whenBuilt();
      const res = await restarted.post(
        '/api/ideas/similar',
        { title: 'Påminnelse om simlektion', need: 'Föräldrar missar simskolan' },
        bearer(await tokenFor(restarted, giver)),
      );
      expect((res.body as SimilarIdeasResponse).items.map((i) => i.id)).toContain(swim.id);
    } finally {
      await restarted.stop();
    }
  });
});
