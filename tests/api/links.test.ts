/**
 * Linked sluices (the Piteå–Skellefteå model): an admin of each sluice agrees, then each sees the
 * other's tested, implemented and closed ideas read-only; either side ends it. Every step is in
 * both sluices' audit logs.
 */
import type { AuditPageBody } from '../../bot/src/api/admin-schemas';
import type { LinkedIdeasBody, SluiceLinksBody } from '../../bot/src/api/link-schemas';
import type { Idea } from '../../bot/src/domain/idea';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const PITEA_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const piteaGiver: Who = { ...GIVER, tenantId: TENANT };
const piteaCoach: Who = { ...COACH, tenantId: TENANT };
const SKE_TENANT = '55555555-5555-4555-8555-555555555555';
const SKE_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000005', tenantId: SKE_TENANT, name: 'Sara Lind' };
const skeGiver: Who = { id: '61e00000-0000-4000-8000-000000000005', tenantId: SKE_TENANT, name: 'Per Holm' };
const LULE_TENANT = '66666666-6666-4666-8666-666666666666';
const LULE_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000006', tenantId: LULE_TENANT, name: 'Eva Berg' };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
const ske: Record<string, Idea> = {};

async function call(method: 'GET' | 'POST' | 'DELETE', who: Who, pathname: string, body?: unknown) {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    headers: { ...bearer(await tokenFor(app, who)), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
}

const linksOf = async (who: Who) => {
  const res = await call('GET', who, '/api/admin/links');
  expect(res.status).toBe(200);
  check('SluiceLinks', res.body);
  return (res.body as SluiceLinksBody).items.map((l) => ({ sluiceId: l.sluiceId, name: l.name, state: l.state }));
};
const linkedIdeas = async (who: Who, query = '') => {
  const res = await call('GET', who, `/api/linked-ideas${query}`);
  expect(res.status).toBe(200);
  check('LinkedIdeasPage', res.body);
  return res.body as LinkedIdeasBody;
};
const auditActions = async (who: Who) =>
  ((await call('GET', who, '/api/admin/audit')).body as AuditPageBody).items
    .filter((e) => e.action.startsWith('link.'))
    .map((e) => `${e.action} ${e.link?.sluiceId} ${e.link?.state} by ${e.actor.name}`);

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: PITEA_ADMIN.id });
  check = await schemaChecker(app);
  for (const [id, name, tenantId, admin] of [
    ['skelleftea', 'Skellefteå idésluss', SKE_TENANT, SKE_ADMIN],
    ['lulea', 'Luleå idésluss', LULE_TENANT, LULE_ADMIN],
  ] as const)
    await app.storage.sluices.create({
      ...createSluice({ id, name, tenantIds: [tenantId], coachIds: [], adminIds: [admin.id], now: new Date() }),
      municipalities: { [tenantId]: name.split(' ')[0]! },
    });
  const giver = { ...skeGiver, locale: 'sv' as const };
  const at = '2026-10-01T08:00:00.000Z';
  for (const stage of ['submitted', 'screening', 'testing', 'implementing', 'done', 'closed'] as const)
    ske[stage] = await storeIdea(app, {
      sluiceId: 'skelleftea',
      tenantId: SKE_TENANT,
      giver,
      stage,
      title: `Skellefteå ${stage}`,
      coach: { id: 'c0ac0000-0000-4000-8000-0000000000s5', name: 'Coach Skellefteå' },
      history: [
        { id: `s-${stage}`, kind: 'submitted', at, actor: { id: giver.id, name: giver.name }, to: 'submitted' },
        ...(stage === 'done'
          ? [
              {
                id: 'a-done',
                kind: 'advanced' as const,
                at,
                actor: { id: 'c', name: 'Coach' },
                from: 'implementing' as const,
                to: 'done' as const,
                text: 'I bruk på alla bibliotek',
              },
            ]
          : []),
        ...(stage === 'closed'
          ? [
              {
                id: 'd-closed',
                kind: 'declined' as const,
                at,
                actor: { id: 'c', name: 'Coach' },
                from: 'screening' as const,
                to: 'closed' as const,
                text: 'Finns redan regionalt',
              },
            ]
          : []),
      ],
      ...(stage === 'done' ? { effects: [{ forWhom: 'Låntagare', change: 'Kortare köer', amount: 12, unit: 'minuter' }] } : {}),
    });
});
afterAll(async () => {
  await app.close();
});

describe('linking two sluices', () => {
  it('shows nothing of another sluice before a link', async () => {
    expect(await linkedIdeas(piteaGiver)).toEqual({ sluices: [], items: [], more: false });
    expect(await linksOf(PITEA_ADMIN)).toEqual([]);
  });

  it('lets only admins see and change links', async () => {
    for (const who of [piteaGiver, piteaCoach]) {
      expect((await call('GET', who, '/api/admin/links')).status).toBe(403);
      expect((await call('POST', who, '/api/admin/links', { sluiceId: 'skelleftea' })).status).toBe(403);
    }
    expect(await linksOf(SKE_ADMIN)).toEqual([]);
  });

  it('refuses a link with an unknown sluice, with itself and with a malformed id, naming the field', async () => {
    const unknown = await call('POST', PITEA_ADMIN, '/api/admin/links', { sluiceId: 'finns-inte' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'UnknownSluice', problems: [{ field: 'sluiceId' }] } });
    const self = await call('POST', PITEA_ADMIN, '/api/admin/links', { sluiceId: 'default' });
    expect(self).toMatchObject({ status: 400, body: { problems: [{ field: 'sluiceId' }] } });
    const bad = await call('POST', PITEA_ADMIN, '/api/admin/links', { sluiceId: '../x' });
    expect(bad).toMatchObject({ status: 400, body: { problems: [{ field: 'sluiceId' }] } });
    const nothingToAccept = await call('POST', PITEA_ADMIN, '/api/admin/links/lulea/accept');
    expect(nothingToAccept).toMatchObject({ status: 409, body: { code: 'NoRequest' } });
    expect(await linksOf(PITEA_ADMIN)).toEqual([]);
  });

  it('holds a request until the other sluice accepts; nothing crosses meanwhile', async () => {
    const asked = await call('POST', SKE_ADMIN, '/api/admin/links', { sluiceId: 'default' });
    expect(asked.status).toBe(200);
    expect(await linksOf(SKE_ADMIN)).toEqual([{ sluiceId: 'default', name: 'Idéslussen Testkommun', state: 'requested' }]);
    expect(await linksOf(PITEA_ADMIN)).toEqual([{ sluiceId: 'skelleftea', name: 'Skellefteå idésluss', state: 'invited' }]);
    expect((await linkedIdeas(piteaGiver)).items).toEqual([]);
    expect((await linkedIdeas(skeGiver)).items).toEqual([]);
    // The asking side cannot accept its own request.
    expect((await call('POST', SKE_ADMIN, '/api/admin/links/default/accept')).status).toBe(409);
  });

  it("then shows each sluice the other's tested, implemented and closed ideas with effects and reasons, and nothing else", async () => {
    const accepted = await call('POST', PITEA_ADMIN, '/api/admin/links/skelleftea/accept');
    expect(accepted.status).toBe(200);
    expect(await linksOf(PITEA_ADMIN)).toEqual([{ sluiceId: 'skelleftea', name: 'Skellefteå idésluss', state: 'linked' }]);
    expect(await linksOf(SKE_ADMIN)).toEqual([{ sluiceId: 'default', name: 'Idéslussen Testkommun', state: 'linked' }]);

    const page = await linkedIdeas(piteaGiver);
    expect(page.sluices).toEqual([{ id: 'skelleftea', name: 'Skellefteå idésluss' }]);
    expect(page.items.map((i) => i.title).sort()).toEqual(['Skellefteå closed', 'Skellefteå done', 'Skellefteå testing']);
    const done = page.items.find((i) => i.stage === 'done')!;
    expect(done).toMatchObject({
      sluice: { id: 'skelleftea', name: 'Skellefteå idésluss' },
      municipality: 'Skellefteå',
      effects: [{ forWhom: 'Låntagare', change: 'Kortare köer', amount: 12, unit: 'minuter' }],
      reason: 'I bruk på alla bibliotek',
    });
    expect(page.items.find((i) => i.stage === 'closed')).toMatchObject({ reason: 'Finns redan regionalt', effects: [] });
    // No person and no tenant id crosses.
    const wire = JSON.stringify(page);
    for (const secret of [skeGiver.name, skeGiver.id, SKE_TENANT, 'Coach Skellefteå']) expect(wire).not.toContain(secret);

    expect((await linkedIdeas(piteaGiver, '?stage=done')).items.map((i) => i.title)).toEqual(['Skellefteå done']);
    expect((await linkedIdeas(piteaGiver, '?q=CLOSED&sluice=skelleftea')).items.map((i) => i.title)).toEqual(['Skellefteå closed']);
    expect((await linkedIdeas(piteaGiver, '?sluice=lulea')).items).toEqual([]);
    const wrongStage = await call('GET', piteaGiver, '/api/linked-ideas?stage=submitted');
    expect(wrongStage).toMatchObject({ status: 400, body: { problems: [{ field: 'stage' }] } });
  });

  it('keeps linked ideas read-only and out of the own board, lists and idea reads', async () => {
    const id = ske['done']!.id;
    expect((await call('GET', piteaGiver, `/api/ideas/${id}`)).status).toBe(404);
    const act = await fetch(`${app.url}/api/ideas/${id}/actions`, {
      method: 'POST',
      headers: { ...bearer(await tokenFor(app, piteaCoach)), 'content-type': 'application/json', 'if-match': '"x"' },
      body: JSON.stringify({ type: 'reopen', comment: 'Vi tar den' }),
    });
    expect(act.status).toBe(404);
    const board = await call('GET', piteaGiver, '/api/board');
    expect(JSON.stringify(board.body)).not.toContain('Skellefteå');
    const search = await call('GET', piteaGiver, '/api/ideas?q=Skellefte%C3%A5');
    expect((search.body as { items: unknown[] }).items).toEqual([]);
    expect((await app.storage.ideas.get('skelleftea', id))?.value.version).toBe(ske['done']!.version);
  });

  it('shows a third sluice nothing of either', async () => {
    expect(await linkedIdeas({ id: '61e00000-0000-4000-8000-000000000006', tenantId: LULE_TENANT, name: 'Ola' })).toEqual({
      sluices: [],
      items: [],
      more: false,
    });
    expect(await linksOf(LULE_ADMIN)).toEqual([]);
  });

  it('ends the link when either side removes it, and logs every step in both audit logs', async () => {
    const removed = await call('DELETE', PITEA_ADMIN, '/api/admin/links/skelleftea');
    expect(removed.status).toBe(200);
    expect(await linksOf(PITEA_ADMIN)).toEqual([]);
    expect(await linksOf(SKE_ADMIN)).toEqual([]);
    expect((await linkedIdeas(piteaGiver)).items).toEqual([]);
    expect((await linkedIdeas(skeGiver)).items).toEqual([]);
    expect((await call('DELETE', PITEA_ADMIN, '/api/admin/links/skelleftea')).status).toBe(404);

    expect(await auditActions(PITEA_ADMIN)).toEqual([
      'link.removed skelleftea none by Lars Nilsson',
      'link.accepted skelleftea linked by Lars Nilsson',
      'link.requested skelleftea invited by Sara Lind',
    ]);
    expect(await auditActions(SKE_ADMIN)).toEqual([
      'link.removed default none by Lars Nilsson',
      'link.accepted default linked by Lars Nilsson',
      'link.requested default requested by Sara Lind',
    ]);
  });

  it('links at once when the other sluice asks back, and a one-sided leftover is no link', async () => {
    await call('POST', PITEA_ADMIN, '/api/admin/links', { sluiceId: 'skelleftea' });
    const back = await call('POST', SKE_ADMIN, '/api/admin/links', { sluiceId: 'default' });
    expect((back.body as SluiceLinksBody).items.map((l) => l.state)).toEqual(['linked']);
    expect((await linkedIdeas(skeGiver)).sluices).toEqual([{ id: 'default', name: 'Idéslussen Testkommun' }]);

    // A removal cut short after its first write: the other side's 'linked' alone links nothing.
    const stored = (await app.storage.sluices.get('skelleftea'))!;
    await app.storage.sluices.replace({ ...stored.value, links: [] }, stored.etag);
    expect((await linkedIdeas(piteaGiver)).items).toEqual([]);
    expect(await linksOf(PITEA_ADMIN)).toEqual([]);
  });
});
