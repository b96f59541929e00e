/**
 * Each idea is a public record: a reference per sluice and year, the receiving authority and the
 * day received, given when it is handed in; and a history whose events are chained by hashes, so
 * a change made in the database past the app shows. Against the whole server and embedded Cosmos.
 */
import { randomUUID } from 'node:crypto';
import type { AuditPageBody, SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { IdeaResponse, SubmitIdeaRequest, TabConfig } from '../../bot/src/api/contracts';
import type { IdeaRecordResponse } from '../../bot/src/api/record-contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { IdeaService } from '../../bot/src/domain/idea-service';
import { checkHistoryChain } from '../../bot/src/domain/record';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { actAs, bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const REGISTRATOR: Who = { id: '4e900000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Rut Diarie' };
const colleague: Who = { id: '61e00000-0000-4000-8000-0000000000c1', tenantId: TENANT, name: 'Per Kollega' };
/** A second sluice, its municipality and its admin. */
const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
const OTHER_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000002', tenantId: OTHER_TENANT, name: 'Maja Ek' };

let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0', DEFAULT_ADMIN_IDS: ADMIN.id });
  check = await schemaChecker(app);
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  await app.storage.sluices.replace({ ...found.value, registrators: [REGISTRATOR.id] }, found.etag);
  await app.storage.sluices.create(
    createSluice({
      id: 'grannslussen',
      name: 'Grannslussen',
      tenantIds: [OTHER_TENANT],
      coachIds: [],
      adminIds: [OTHER_ADMIN.id],
      now: new Date(),
    }),
  );
});
afterAll(() => app.close());

function form(title: string): SubmitIdeaRequest {
  return {
    title,
    need: 'Bilarna räcker inte till på morgonen',
    idea: 'Elcyklar som hemtjänsten kan låna',
    beneficiaries: ['staff'],
    department: 'Socialförvaltningen',
    idempotencyKey: randomUUID(),
  };
}

async function handIn(title: string): Promise<IdeaResponse['idea']> {
  const res = await app.call('POST', '/api/ideas', form(title), bearer(await tokenFor(app, giver)));
  expect(res.status).toBe(201);
  check('IdeaResponse', res.body);
  return (res.body as IdeaResponse).idea;
}

/** A coach action on the idea as it is stored now. */
async function act(idea: { id: string }, action: unknown): Promise<number> {
  const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
  const current = await app.storage.ideas.get(sluice.id, idea.id);
  return (await actAs(app, coach, idea.id, action, current!.etag)).status;
}

async function stored(idea: { id: string }): Promise<Idea> {
  const sluice = await app.storage.sluices.findByTenant(TENANT);
  const found = await app.storage.ideas.get(sluice!.value.id, idea.id);
  return found!.value;
}

describe('an idea as a public record', () => {
  it('gets the next reference of its year, the receiving municipality and the day received', async () => {
    const first = await handIn('Cykelpool för hemtjänsten');
    const second = await handIn('Lånecyklar vid biblioteket');
    const match = /^IDÉ (\d{4})\/(\d+)$/.exec(first.record?.reference ?? '');
    expect(match).not.toBeNull();
    expect(second.record?.reference).toBe(`IDÉ ${match![1]}/${Number(match![2]) + 1}`);
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    expect(first.record?.authority).toEqual({ tenantId: TENANT, name: sluice.municipalities[TENANT] ?? sluice.name });
    expect(first.record?.receivedOn).toMatch(new RegExp(`^${match![1]}-\\d{2}-\\d{2}$`));
    // The chain's hashes stay on the server.
    expect(JSON.stringify(first.history)).not.toContain('hash');
  });

  it("starts each year's series at 1, by the year in Sweden", async () => {
    const newYear = { now: () => new Date('2027-12-31T23:30:00.000Z') };
    const service = new IdeaService(app.storage.ideas, app.storage.sluices, newYear);
    const submitted = await service.submit({
      giver: { ...giver, locale: 'sv' },
      text: { title: 'Nyårsidé', need: 'Behov', idea: 'Idé', beneficiaries: ['staff'], department: 'Kultur' },
      source: 'chat',
      idempotencyKey: 'new-year',
    });
    if (!submitted.ok) throw new Error('submit failed');
    expect(submitted.idea.record).toMatchObject({ reference: 'IDÉ 2028/1', year: 2028, serial: 1, receivedOn: '2028-01-01' });
  });

  it('uses the prefix the admin set', async () => {
    const found = (await app.storage.sluices.findByTenant(TENANT))!;
    await app.storage.sluices.replace({ ...found.value, recordPrefix: 'KS' }, found.etag);
    try {
      expect((await handIn('Med eget prefix')).record?.reference).toMatch(/^KS \d{4}\/\d+$/);
    } finally {
      const now = (await app.storage.sluices.findByTenant(TENANT))!;
      const { recordPrefix: _prefix, ...rest } = now.value;
      void _prefix;
      await app.storage.sluices.replace(rest, now.etag);
    }
  });
});

describe("the idea's history", () => {
  it('is stored as a whole hash chain, event by event', async () => {
    const idea = await handIn('Kedjad historik');
    expect(checkHistoryChain((await stored(idea)).history)).toEqual({ whole: true, events: 1 });
    expect(await act(idea, { type: 'take' })).toBe(200);
    const after = await stored(idea);
    expect(after.history.map((e) => e.kind)).toEqual(['submitted', 'taken']);
    expect(checkHistoryChain(after.history)).toEqual({ whole: true, events: 2 });
  });

  it('shows an event changed in Cosmos past the app, also after the app writes the idea again', async () => {
    const idea = await handIn('Ändrad i databasen');
    expect(await act(idea, { type: 'take' })).toBe(200);
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    const item = app.storage.containers.ideas.item(idea.id, sluice.id);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    const history = resource!.history.map((e) => (e.kind === 'taken' ? { ...e, actor: { id: e.actor.id, name: 'Någon annan' } } : e));
    await item.replace({ ...resource!, history });

    expect(checkHistoryChain((await stored(idea)).history)).toMatchObject({ whole: false, index: 1, problem: 'changed' });
    // The next write seals only its own new event; the changed one stays visible.
    expect(await act(idea, { type: 'decline', reason: 'Finns redan i en annan förvaltning' })).toBe(200);
    const after = await stored(idea);
    expect(after.history).toHaveLength(3);
    expect(checkHistoryChain(after.history)).toMatchObject({ whole: false, index: 1, problem: 'changed' });
  });
});

async function recordAs(who: Who, idea: { id: string }): Promise<{ status: number; body: unknown }> {
  return getAs(app, who, `/api/ideas/${idea.id}/record`);
}

/** The newest audit events, as an admin reads them. */
async function auditEvents(): Promise<AuditPageBody['items']> {
  return ((await getAs(app, ADMIN, '/api/admin/audit?pageSize=100')).body as AuditPageBody).items;
}

describe('getIdeaRecord', () => {
  it('gives coaches, admins and registrators the whole record, matching the OpenAPI schema', async () => {
    const idea = await handIn('Cykelpool med frågor');
    expect(await act(idea, { type: 'take' })).toBe(200);
    expect(await act(idea, { type: 'askInfo', question: 'Hur många cyklar behövs?' })).toBe(200);
    const sluiceId = (await app.storage.sluices.findByTenant(TENANT))!.value.id;
    const asked = (await app.storage.ideas.get(sluiceId, idea.id))!;
    const answered = await app.call(
      'POST',
      `/api/ideas/${idea.id}/answer`,
      { answer: 'Tio cyklar räcker', questionId: asked.value.history.at(-1)!.id },
      { ...bearer(await tokenFor(app, giver)), 'if-match': asked.etag },
    );
    expect(answered.status).toBe(200);
    expect(await act(idea, { type: 'advance', comment: 'Vi testar i vår' })).toBe(200);

    for (const who of [coach, ADMIN, REGISTRATOR]) {
      const res = await recordAs(who, idea);
      expect(res.status).toBe(200);
      check('IdeaRecordResponse', res.body);
    }
    const body = (await recordAs(REGISTRATOR, idea)).body as IdeaRecordResponse;
    expect(body.record?.reference).toBe(idea.record?.reference);
    expect(body.record?.receivedOn).toBe(idea.record?.receivedOn);
    expect(body.idea).toMatchObject({ id: idea.id, title: 'Cykelpool med frågor', need: idea.need, idea: idea.idea });
    expect(body.idea.giver).toMatchObject({ id: GIVER.id, name: GIVER.name });
    expect(body.decisions.map((d) => [d.kind, d.by.name])).toEqual([
      ['taken', COACH.name],
      ['advanced', COACH.name],
    ]);
    expect(body.decisions[1]).toMatchObject({ text: 'Vi testar i vår', from: 'screening', to: 'testing' });
    expect(body.questions).toHaveLength(1);
    expect(body.questions[0]!.question).toMatchObject({
      kind: 'infoRequested',
      text: 'Hur många cyklar behövs?',
      by: { name: COACH.name },
    });
    expect(body.questions[0]!.answers.map((a) => [a.text, a.by.name])).toEqual([['Tio cyklar räcker', GIVER.name]]);
    expect(body.chain).toEqual({ whole: true, events: 5 });
    expect(JSON.stringify(body)).not.toContain('hash');
  });

  it('refuses the giver and colleagues with 403, and gives 404 for an idea of another sluice', async () => {
    const idea = await handIn('Bara för diariet');
    for (const who of [giver, colleague]) {
      const res = await recordAs(who, idea);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).toMatch(/registrators/);
      check('ApiError', res.body);
    }
    // The other sluice's admin may read records, but not this sluice's.
    expect((await recordAs(OTHER_ADMIN, idea)).status).toBe(404);
    // An id of this sluice's registrator signed in from the other sluice's tenant is nobody there.
    expect((await recordAs({ ...REGISTRATOR, tenantId: OTHER_TENANT }, idea)).status).toBe(403);
    expect((await recordAs(coach, { id: randomUUID() })).status).toBe(404);
    expect((await recordAs(coach, { id: 'inte.ett.id' })).status).toBe(400);
  });

  it('says where the chain breaks after an event is changed in Cosmos', async () => {
    const idea = await handIn('Ändrad före utlämnandet');
    expect(await act(idea, { type: 'take' })).toBe(200);
    expect(await act(idea, { type: 'decline', reason: 'Görs redan' })).toBe(200);
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    const item = app.storage.containers.ideas.item(idea.id, sluice.id);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    const history = resource!.history.map((e) => (e.kind === 'declined' ? { ...e, text: 'Ingen budget' } : e));
    await item.replace({ ...resource!, history });

    const res = await recordAs(REGISTRATOR, idea);
    expect(res.status).toBe(200);
    check('IdeaRecordResponse', res.body);
    const { chain } = res.body as IdeaRecordResponse;
    const declined = history[2]!;
    expect(chain).toEqual({
      whole: false,
      events: 3,
      brokenAt: { index: 2, eventId: declined.id, kind: 'declined', at: declined.at, problem: 'changed' },
    });
  });

  it('writes every reading to the audit log: who, when, which idea; refusals write nothing', async () => {
    const idea = await handIn('Läst av registratorn');
    const before = (await auditEvents()).filter((e) => e.action === 'record.viewed' && e.idea?.id === idea.id);
    expect(before).toEqual([]);
    expect((await recordAs(giver, idea)).status).toBe(403);
    expect((await recordAs(REGISTRATOR, idea)).status).toBe(200);
    expect((await recordAs(coach, idea)).status).toBe(200);
    const page = await getAs(app, ADMIN, '/api/admin/audit?pageSize=100');
    check('AuditPage', page.body);
    const views = (page.body as AuditPageBody).items.filter((e) => e.action === 'record.viewed' && e.idea?.id === idea.id);
    expect(views.map((e) => e.actor)).toEqual([
      { id: COACH.id, tenantId: TENANT, name: COACH.name },
      { id: REGISTRATOR.id, tenantId: TENANT, name: REGISTRATOR.name },
    ]);
    expect(views[0]!.idea).toEqual({ id: idea.id, number: idea.number, reference: idea.record!.reference });
    expect(Date.parse(views[0]!.at)).toBeGreaterThanOrEqual(Date.parse(views[1]!.at));
  });

  it('gives a record for an idea handed in before records were kept, without a record entry', async () => {
    const sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
    const old = await storeIdea(app, { sluiceId: sluice.id, tenantId: TENANT, giver: { ...giver, locale: 'sv' } });
    const res = await recordAs(coach, old);
    expect(res.status).toBe(200);
    check('IdeaRecordResponse', res.body);
    expect((res.body as IdeaRecordResponse).record).toBeUndefined();
  });

  it('is named in the OpenAPI document', async () => {
    const doc = (await app.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { operationId?: string }>> };
    expect(doc.paths['/api/ideas/{id}/record']?.['get']?.operationId).toBe('getIdeaRecord');
  });
});

describe('registrators', () => {
  it('read the audit log, read-only: the settings stay closed to them', async () => {
    const res = await getAs(app, REGISTRATOR, '/api/admin/audit');
    expect(res.status).toBe(200);
    check('AuditPage', res.body);
    expect((await getAs(app, REGISTRATOR, '/api/admin/sluice')).status).toBe(403);
    const settings = (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
    const put = await app.call('PUT', '/api/admin/sluice', settings.settings, {
      ...bearer(await tokenFor(app, REGISTRATOR)),
      'if-match': settings.etag,
    });
    expect(put.status).toBe(403);
    for (const who of [coach, giver]) expect((await getAs(app, who, '/api/admin/audit')).status).toBe(403);
  });

  it('have the role registrator in /api/config and see the board, without coach actions', async () => {
    const config = (await getAs(app, REGISTRATOR, '/api/config')).body as TabConfig;
    check('TabConfig', config);
    expect(config.caller).toMatchObject({ role: 'registrator', isCoach: false });
    const idea = await handIn('Syns på tavlan');
    const seen = await getAs(app, REGISTRATOR, `/api/ideas/${idea.id}`);
    expect(seen.status).toBe(200);
    expect((seen.body as IdeaResponse).idea.actions).toEqual([]);
  });
});
