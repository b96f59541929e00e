/**
 * Erasure where the law allows (GDPR art. 17): `anonymisePerson` replaces a person with
 * "Tidigare medarbetare" everywhere the app names them, deletes their drafts and conversation
 * state, keeps the records' texts, and re-seals each idea's history chain with an `anonymised`
 * event, so the chain check says "whole, anonymised" while a quiet change is still caught.
 * Against the whole server and embedded Cosmos.
 */
import { rateIdFor } from '../../bot/src/domain/comments/comment-rate';
import { randomUUID } from 'node:crypto';
import type { AuditPageBody } from '../../bot/src/api/admin-schemas';
import type { IdeaResponse } from '../../bot/src/api/contracts';
import type { AnonymiseResponse, PersonalDataExportBody } from '../../bot/src/api/personal-data-contracts';
import type { IdeaRecordResponse } from '../../bot/src/api/record-contracts';
import { userKey } from '../../bot/src/domain/conversations';
import { renderCoachTaskCard } from '../../bot/src/teams/cards/coach-task-card';
import { COACH, GIVER, TENANT, message } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { validateCard } from '../helpers/cards';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const REGISTRATOR: Who = { id: '4e900000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Rut Diarie' };
const colleague: Who = { id: '61e00000-0000-4000-8000-0000000000c1', tenantId: TENANT, name: 'Per Kollega' };
const BASIS = 'Gallringsbeslut KS 2026/12 § 4';
const TITLE = 'Elcyklar för hemtjänsten i Bergby';

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let sluiceId: string;
let ideaId: string;
let originatedId: string;
let answer: AnonymiseResponse;

async function anonymise(caller: Who, body: unknown): Promise<{ status: number; body: unknown }> {
  return app.post('/api/admin/people/anonymise', body, bearer(await tokenFor(app, caller)));
}

async function act(id: string, who: Who, action: Parameters<TestApp['services']['ideas']['act']>[3]): Promise<string> {
  const result = await app.services.ideas.act(sluiceId, id, who, action);
  if (!result.ok) throw new Error(`${action.type}: ${result.error}`);
  return result.event.id;
}

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id }, { connector: true, meet: [GIVER] });
  check = await schemaChecker(app);
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  sluiceId = found.value.id;
  await app.storage.sluices.replace({ ...found.value, registrators: [REGISTRATOR.id] }, found.etag);
  // The giver leaves a bit of everything: an idea with a question answered and a rating, a comment,
  // a message made into someone else's idea, a draft in chat.
  const submitted = await app.services.ideas.submit({
    giver: { ...giver, locale: 'sv', department: 'Hemtjänsten', jobTitle: 'Undersköterska' },
    text: {
      title: TITLE,
      need: 'Bilarna räcker inte',
      idea: 'Elcyklar att låna',
      beneficiaries: ['staff'],
      department: 'Socialförvaltningen',
    },
    source: 'tab',
    idempotencyKey: randomUUID(),
  });
  if (!submitted.ok) throw new Error(submitted.error);
  ideaId = submitted.idea.id;
  await act(ideaId, coach, { type: 'take' });
  await act(ideaId, coach, { type: 'askInfo', question: 'Hur många cyklar?' });
  await act(ideaId, giver, { type: 'answerInfo', answer: 'Fem till att börja med' });
  const advanced = await act(ideaId, coach, { type: 'advance', comment: 'Vi testar' });
  await act(ideaId, giver, { type: 'rate', rating: 4, decisionId: advanced });
  const comment = await app.post(
    `/api/ideas/${ideaId}/comments`,
    { text: 'Jag kan visa hur laddningen går till', idempotencyKey: randomUUID() },
    bearer(await tokenFor(app, giver)),
  );
  expect(comment.status).toBe(201);
  originatedId = (
    await storeIdea(app, {
      sluiceId,
      tenantId: TENANT,
      giver: { ...colleague, locale: 'sv' },
      origin: { name: giver.name, id: giver.id },
      source: 'message',
    })
  ).id;
  expect((await app.post('/api/messages', message('ny idé', { serviceUrl: app.connector.serviceUrl, user: GIVER }))).status).toBe(200);
  expect(await app.storage.conversations.get(userKey(TENANT, giver.id))).toBeDefined();
});
afterAll(() => app.close());

describe('anonymisePerson', () => {
  it('is for admins only: everyone else gets 403 and nothing changes', async () => {
    for (const who of [giver, coach, REGISTRATOR]) {
      const res = await anonymise(who, { personId: giver.id, basis: BASIS });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'Forbidden' });
    }
    expect((await app.storage.ideas.get(sluiceId, ideaId))!.value.giver.name).toBe(giver.name);
  });

  it('refuses a missing basis, a bad id, another tenant, and a person who is still a coach', async () => {
    expect((await anonymise(ADMIN, { personId: giver.id, basis: ' ' })).status).toBe(400);
    expect((await anonymise(ADMIN, { personId: 'x/../y', basis: BASIS })).status).toBe(400);
    expect((await anonymise(ADMIN, { personId: giver.id, tenantId: '99999999-9999-4999-8999-999999999999', basis: BASIS })).status).toBe(
      400,
    );
    const stillCoach = await anonymise(ADMIN, { personId: coach.id, basis: BASIS });
    expect(stillCoach.status).toBe(409);
    expect(stillCoach.body).toMatchObject({ code: 'StillInRole' });
  });

  it('replaces the person everywhere, keeps the texts and deletes the draft and conversation state', async () => {
    const res = await anonymise(ADMIN, { personId: giver.id, basis: BASIS });
    expect(res.status).toBe(200);
    check('AnonymiseResponse', res.body);
    answer = res.body as AnonymiseResponse;
    const count = (kind: string): number => answer.counts.find((c) => c.kind === kind)?.count ?? -1;
    expect(count('idea')).toBe(2);
    expect(count('comment')).toBe(1);
    expect(count('draft')).toBe(1);
    expect(count('conversationReference')).toBe(1);
    // The comment rate counter, named by a digest of the person, goes too.
    expect(count('commentRate')).toBe(1);
    const rate = app.storage.containers.participation.item(rateIdFor(sluiceId, giver), sluiceId);
    await expect(rate.read()).resolves.toMatchObject({ statusCode: 404 });

    const stored = (await app.storage.ideas.get(sluiceId, ideaId))!.value;
    expect(stored.giver).toEqual({ id: '', tenantId: TENANT, name: 'Tidigare medarbetare', locale: 'sv' });
    expect(stored.history.filter((e) => e.actor.name === 'Tidigare medarbetare').map((e) => e.kind)).toEqual(
      expect.arrayContaining(['submitted', 'infoAnswered', 'rated']),
    );
    // The texts stay: the idea is kept as a record.
    expect(stored.title).toBe(TITLE);
    expect(stored.history.find((e) => e.kind === 'infoAnswered')!.text).toBe('Fem till att börja med');
    expect(stored.history.at(-1)).toMatchObject({ kind: 'anonymised', actor: { id: ADMIN.id }, text: BASIS });
    expect((await app.storage.ideas.get(sluiceId, originatedId))!.value.origin).toEqual({ name: 'Tidigare medarbetare' });
    expect(await app.storage.conversations.get(userKey(TENANT, giver.id))).toBeUndefined();
    const chat = await app.storage.containers.botstate.items
      .query({ query: 'SELECT * FROM c WHERE CONTAINS(c.realId, @id)', parameters: [{ name: '@id', value: giver.id }] })
      .fetchAll();
    expect(chat.resources).toEqual([]);
  });

  it('leaves the person nowhere: idea, search, board, similar ideas, the task card, the CSV export and a data export', async () => {
    const asCoach = async (path: string): Promise<string> => {
      const res = await getAs(app, coach, path);
      expect(res.status).toBe(200);
      return typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    };
    const seen = [
      await asCoach(`/api/ideas/${ideaId}`),
      await asCoach(`/api/ideas/${originatedId}`),
      await asCoach(`/api/ideas/${ideaId}/comments`),
      await asCoach('/api/board'),
      await asCoach(`/api/ideas?q=${encodeURIComponent('elcyklar')}`),
      await asCoach(`/api/ideas/${originatedId}/similar`),
      await asCoach('/api/stats/export.csv?period=year'),
    ];
    expect(seen[4]).toContain(TITLE);
    expect(seen[6]).toContain('Tidigare medarbetare');
    for (const text of seen) {
      expect(text).not.toContain(giver.name);
      expect(text).not.toContain(giver.id);
      expect(text).not.toContain('Undersköterska');
    }
    const stored = (await app.storage.ideas.get(sluiceId, ideaId))!;
    const sluice = (await app.storage.sluices.get(sluiceId))!.value;
    const card = renderCoachTaskCard({
      idea: stored.value,
      etag: stored.etag,
      sluice,
      locale: 'sv',
      now: new Date(),
      viewer: 'readOnly',
      coaches: [],
    });
    validateCard(card);
    expect(JSON.stringify(card)).toContain('Tidigare medarbetare');
    expect(JSON.stringify(card)).not.toContain(giver.name);

    const exported = await app.post(
      '/api/admin/people/data',
      { personId: giver.id, reason: 'Kontroll efter anonymisering' },
      bearer(await tokenFor(app, ADMIN)),
    );
    expect(exported.status).toBe(200);
    const body = exported.body as PersonalDataExportBody;
    // Only the audit log's entries about them are left (they name the person by a reference only).
    expect(body.items.map((i) => i.kind).filter((k) => k !== 'auditEntry')).toEqual([]);
    expect(JSON.stringify(body.items)).not.toContain(giver.name);
  });

  it('says the chain is whole and anonymised under the basis, and still catches a quiet change', async () => {
    const record = await getAs(app, REGISTRATOR, `/api/ideas/${ideaId}/record`);
    expect(record.status).toBe(200);
    check('IdeaRecordResponse', record.body);
    const chain = (record.body as IdeaRecordResponse).chain;
    expect(chain.whole).toBe(true);
    expect(chain.anonymised).toEqual([{ at: expect.any(String), basis: BASIS, chainWholeBefore: true }]);

    // A change past the app, in Cosmos itself: the answer's text.
    const { resource } = await app.storage.containers.ideas.item(ideaId, sluiceId).read<Record<string, unknown>>();
    const history = (resource!['history'] as Record<string, unknown>[]).map((e) =>
      e['kind'] === 'infoAnswered' ? { ...e, text: 'Tio till att börja med' } : e,
    );
    await app.storage.containers.ideas.item(ideaId, sluiceId).replace({ ...resource!, history });
    const after = (await getAs(app, REGISTRATOR, `/api/ideas/${ideaId}/record`)).body as IdeaRecordResponse;
    expect(after.chain.whole).toBe(false);
    expect(after.chain.brokenAt).toMatchObject({ kind: 'infoAnswered', problem: 'changed' });
  });

  it('changes nothing and logs nothing more when repeated; the audit entry has the basis and names nobody', async () => {
    const before = (await app.storage.ideas.get(sluiceId, originatedId))!.etag;
    const again = await anonymise(ADMIN, { personId: giver.id, basis: BASIS });
    expect(again.status).toBe(200);
    expect((again.body as AnonymiseResponse).counts.every((c) => c.count === 0)).toBe(true);
    expect((await app.storage.ideas.get(sluiceId, originatedId))!.etag).toBe(before);
    const log = (await getAs(app, REGISTRATOR, '/api/admin/audit?pageSize=100')).body as AuditPageBody;
    const entries = log.items.filter((e) => e.action === 'person.anonymised');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: answer.auditEventId, actor: { id: ADMIN.id }, personalData: { basis: BASIS } });
    expect(JSON.stringify(entries[0])).not.toContain(giver.id);
  });

  it('keeps the anonymised idea within its contract', async () => {
    const res = await getAs(app, coach, `/api/ideas/${ideaId}`);
    check('IdeaResponse', res.body);
    expect((res.body as IdeaResponse).idea.giver.name).toBe('Tidigare medarbetare');
  });
});
