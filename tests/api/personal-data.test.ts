/**
 * A person's own data (GDPR art. 15): `exportMyData` for the caller, `exportPersonData` for an
 * admin or registrator with a reason (logged), against the whole server and embedded Cosmos.
 * The first test leaves one item of every kind the registry knows and checks the exports list
 * them all, so a store registered without a way to show up here fails it.
 */
import { randomUUID } from 'node:crypto';
import type { AuditPageBody } from '../../bot/src/api/admin-schemas';
import type { PersonalDataExportBody } from '../../bot/src/api/personal-data-contracts';
import { subjectRef } from '../../bot/src/domain/personal-data';
import { COACH, GIVER, TENANT, message } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const REGISTRATOR: Who = { id: '4e900000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Rut Diarie' };
const colleague: Who = { id: '61e00000-0000-4000-8000-0000000000c1', tenantId: TENANT, name: 'Per Kollega' };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let sluiceId: string;

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id }, { connector: true, meet: [GIVER] });
  check = await schemaChecker(app);
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  sluiceId = found.value.id;
  await app.storage.sluices.replace({ ...found.value, registrators: [REGISTRATOR.id] }, found.etag);
});
afterAll(() => app.close());

async function exportMine(who: Who): Promise<PersonalDataExportBody> {
  const res = await getAs(app, who, '/api/me/data');
  expect(res.status).toBe(200);
  check('PersonalDataExport', res.body);
  return res.body as PersonalDataExportBody;
}

async function exportFor(caller: Who, body: unknown): Promise<{ status: number; body: unknown }> {
  return app.post('/api/admin/people/data', body, bearer(await tokenFor(app, caller)));
}

async function submit(title: string, who: Who = giver): Promise<string> {
  const result = await app.services.ideas.submit({
    giver: { ...who, locale: 'sv' },
    text: { title, need: 'Bilarna räcker inte', idea: 'Elcyklar att låna', beneficiaries: ['staff'], department: 'Socialförvaltningen' },
    source: 'tab',
    idempotencyKey: randomUUID(),
  });
  if (!result.ok) throw new Error(result.error);
  return result.idea.id;
}

async function act(ideaId: string, who: Who, action: Parameters<TestApp['services']['ideas']['act']>[3]): Promise<string> {
  const result = await app.services.ideas.act(sluiceId, ideaId, who, action);
  if (!result.ok) throw new Error(`${action.type}: ${result.error}`);
  return result.event.id;
}

describe('exportMyData', () => {
  it('lists one item of every kind a person can leave, between the giver and the coach', async () => {
    // The giver: an idea (its submitted event), a question answered, a rating, a draft in chat
    // (the reference is there from meeting the bot), and a message someone made into an idea.
    const ideaId = await submit('Elcyklar för hemtjänsten');
    await act(ideaId, coach, { type: 'take' });
    await act(ideaId, coach, { type: 'askInfo', question: 'Hur många cyklar?' });
    await act(ideaId, giver, { type: 'answerInfo', answer: 'Fem till att börja med' });
    const advanced = await act(ideaId, coach, { type: 'advance', comment: 'Vi testar' });
    await act(ideaId, giver, { type: 'rate', rating: 5, decisionId: advanced });
    await storeIdea(app, {
      sluiceId,
      tenantId: TENANT,
      giver: { ...colleague, locale: 'sv' },
      origin: { name: giver.name, id: giver.id },
      source: 'message',
    });
    const draft = await app.post('/api/messages', message('ny idé', { serviceUrl: app.connector.serviceUrl, user: GIVER }));
    expect(draft.status).toBe(200);
    // The coach: responsible for the idea, and a link made to another.
    const other = await submit('Lånecyklar på biblioteket', colleague);
    const linked = await app.services.ideas.link(sluiceId, ideaId, other, coach, 'related');
    expect(linked.ok).toBe(true);
    // The coach publishes a challenge (createChallenge).
    const challenge = await app.post(
      '/api/challenges',
      {
        title: 'Färre ensamma äldre',
        need: 'Många äldre är ensamma i vinter',
        department: 'Socialförvaltningen',
        openUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        channels: [],
        idempotencyKey: randomUUID(),
      },
      bearer(await tokenFor(app, coach)),
    );
    expect(challenge.status).toBe(201);
    // A comment by the giver, an internal note by the coach (addComment).
    for (const [who, kind] of [
      [giver, 'comment'],
      [coach, 'note'],
    ] as const) {
      const res = await app.post(
        `/api/ideas/${ideaId}/comments`,
        { text: `En ${kind} om cyklarna`, kind, idempotencyKey: randomUUID() },
        bearer(await tokenFor(app, who)),
      );
      expect(res.status).toBe(201);
    }
    // The giver supports the colleague's idea and offers to help with it (supportIdea, offerHelp).
    const supported = await app.call('PUT', `/api/ideas/${other}/support`, undefined, bearer(await tokenFor(app, giver)));
    expect(supported.status).toBe(200);
    const offered = await app.post(
      `/api/ideas/${other}/help`,
      { note: 'Jag cyklar redan till jobbet' },
      bearer(await tokenFor(app, giver)),
    );
    expect(offered.status).toBe(201);
    // The coach scores the idea against the sluice's one criterion (scoreIdea).
    const found = (await app.storage.sluices.get(sluiceId))!;
    await app.storage.sluices.replace({ ...found.value, criteria: [{ id: 'nytta', name: 'Nytta', weight: 1 }] }, found.etag);
    const scored = await app.call('PUT', `/api/ideas/${ideaId}/scores`, { scores: { nytta: 4 } }, bearer(await tokenFor(app, coach)));
    expect(scored.status).toBe(200);
    // An export for the giver by the registrator, so the giver's own export lists the audit entry naming them.
    expect((await exportFor(REGISTRATOR, { personId: giver.id, reason: 'Begäran 2026-12-01' })).status).toBe(200);

    const mine = await exportMine(giver);
    const coaching = await exportMine(coach);
    const present = new Set([...mine.items, ...coaching.items].map((i) => i.kind));
    const kinds = mine.kinds.map((k) => k.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    expect(kinds.filter((k) => !present.has(k))).toEqual([]);
    // Every kind has a label in both languages, and the counts are the items.
    for (const k of mine.kinds) {
      expect(k.label.sv).not.toBe('');
      expect(k.label.en).not.toBe('');
      expect(k.count).toBe(mine.items.filter((i) => i.kind === k.kind).length);
    }

    expect(mine.subject).toEqual({ id: giver.id, tenantId: TENANT, name: giver.name });
    const idea = mine.items.find((i) => i.kind === 'idea' && i.id === ideaId)!;
    expect(idea.data).toMatchObject({ title: 'Elcyklar för hemtjänsten', giver: { id: giver.id, name: giver.name } });
    expect(mine.items.find((i) => i.kind === 'answer')!.data).toMatchObject({ text: 'Fem till att börja med' });
    expect(mine.items.find((i) => i.kind === 'rating')!.data).toMatchObject({ rating: 5 });
    expect(mine.items.find((i) => i.kind === 'draft')!.data).toHaveProperty('draft');
    expect(mine.items.find((i) => i.kind === 'comment')!.data).toMatchObject({ text: 'En comment om cyklarna' });
    expect(mine.items.find((i) => i.kind === 'support')!.data).toMatchObject({ ideaId: other });
    // An item that names its idea only by id gets the idea's number and title, so the tab can link it.
    expect(mine.items.find((i) => i.kind === 'support')!.idea).toMatchObject({ id: other, title: 'Lånecyklar på biblioteket' });
    expect(mine.items.find((i) => i.kind === 'comment')!.idea).toMatchObject({ id: ideaId, title: 'Elcyklar för hemtjänsten' });
    expect(mine.items.find((i) => i.kind === 'helpOffer')!.data).toMatchObject({ note: 'Jag cyklar redan till jobbet' });
    // The comment rate counter names the giver only by a digest, but is theirs all the same.
    expect(mine.items.find((i) => i.kind === 'commentRate')!.data).toMatchObject({ thisMinute: 1 });
    expect(coaching.items.find((i) => i.kind === 'note')!.data).toMatchObject({ text: 'En note om cyklarna' });
    // The app's internal fields stay on the server.
    expect(JSON.stringify(mine)).not.toMatch(/"hash"|"requestId"|"handled"/);
    // Nothing of the coach's own actions is the giver's, and the other way round.
    expect(mine.items.some((i) => i.kind === 'coachAssignment' || i.kind === 'link')).toBe(false);
    expect(coaching.items.filter((i) => i.kind === 'coachAssignment').map((i) => i.idea?.id)).toContain(ideaId);
    expect(coaching.items.some((i) => i.kind === 'idea' || i.kind === 'answer')).toBe(false);
    expect(coaching.items.find((i) => i.kind === 'challenge')!.data).toMatchObject({
      title: 'Färre ensamma äldre',
      owner: { id: coach.id },
    });
  });

  it('is written to the audit log, naming the person only by a reference', async () => {
    await exportMine(colleague);
    const log = await getAs(app, ADMIN, '/api/admin/audit?pageSize=100');
    const entries = (log.body as AuditPageBody).items.filter((e) => e.action === 'personalData.exported');
    const entry = entries.find((e) => e.personalData?.subject === subjectRef(TENANT, colleague.id));
    expect(entry).toMatchObject({ actor: { id: colleague.id } });
    expect(JSON.stringify(entry?.personalData)).not.toContain(colleague.id);
  });

  it('gives someone the app knows nothing about every kind with none', async () => {
    const stranger: Who = { id: '61e00000-0000-4000-8000-0000000000ff', tenantId: TENANT, name: 'Ny Person' };
    const none = await exportMine(stranger);
    expect(none.items).toEqual([]);
    expect(none.kinds.every((k) => k.count === 0)).toBe(true);
  });
});

describe('exportPersonData', () => {
  it('gives an admin or registrator the named person’s data and logs who asked, why and about whom', async () => {
    const res = await exportFor(ADMIN, { personId: colleague.id, reason: 'Dnr KS 2026/118' });
    expect(res.status).toBe(200);
    check('PersonalDataExport', res.body);
    const body = res.body as PersonalDataExportBody;
    expect(body.subject.id).toBe(colleague.id);
    expect(body.items.some((i) => i.kind === 'idea')).toBe(true);
    const log = (await getAs(app, REGISTRATOR, '/api/admin/audit?pageSize=100')).body as AuditPageBody;
    const entry = log.items.find((e) => e.action === 'personalData.exportedFor' && e.personalData?.reason === 'Dnr KS 2026/118');
    expect(entry).toMatchObject({ actor: { id: ADMIN.id }, personalData: { subject: subjectRef(TENANT, colleague.id) } });
    expect(entry?.personalData?.items).toBe(body.items.length);
  });

  it('refuses everyone else with 403 and writes nothing', async () => {
    const before = ((await getAs(app, ADMIN, '/api/admin/audit?pageSize=100')).body as AuditPageBody).items.length;
    for (const who of [giver, coach]) {
      const res = await exportFor(who, { personId: colleague.id, reason: 'nyfiken' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'Forbidden' });
    }
    const after = ((await getAs(app, ADMIN, '/api/admin/audit?pageSize=100')).body as AuditPageBody).items.length;
    expect(after).toBe(before);
  });

  it('answers bad input with 400 naming the field', async () => {
    const missingReason = await exportFor(ADMIN, { personId: colleague.id, reason: '  ' });
    expect(missingReason.status).toBe(400);
    expect(JSON.stringify(missingReason.body)).toContain('reason');
    const badId = await exportFor(ADMIN, { personId: '../x', reason: 'Dnr 1' });
    expect(badId.status).toBe(400);
    const otherTenant = await exportFor(ADMIN, {
      personId: colleague.id,
      tenantId: '99999999-9999-4999-8999-999999999999',
      reason: 'Dnr 1',
    });
    expect(otherTenant.status).toBe(400);
    expect(otherTenant.body).toMatchObject({ code: 'BadRequest' });
  });
});
