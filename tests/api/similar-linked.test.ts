/**
 * Similar ideas from linked sluices (issue 17, item 1): a draft in one sluice is also shown the
 * tested, implemented and closed ideas of the sluices linked with it — marked with that sluice,
 * without its tenant id — and nothing of a sluice that is not (or no longer) linked, nor an idea
 * there that has not reached a shared stage.
 */
import type { SimilarIdeasResponse } from '../../bot/src/api/similar-contracts';
import { createSluice } from '../../bot/src/domain/sluice';
import { COACH, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const coach: Who = { ...COACH, tenantId: TENANT };
const OTHER_TENANT = '55555555-5555-4555-8555-555555555555';
const OTHER_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000005', tenantId: OTHER_TENANT, name: 'Sara Lind' };
const otherGiver = { id: '61e00000-0000-4000-8000-000000000005', tenantId: OTHER_TENANT, name: 'Per Holm', locale: 'sv' as const };

let app: TestApp;
let check: (schema: string, body: unknown) => void;

async function call(method: 'POST' | 'DELETE', who: Who, pathname: string, body?: unknown) {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    headers: { ...bearer(await tokenFor(app, who)), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
}

const draft = {
  title: 'Påminnelse om simskolan via sms',
  need: 'Föräldrar missar anmälan till simskolan.',
  idea: 'Skicka sms-påminnelse.',
};

async function suggestions(who: Who): Promise<SimilarIdeasResponse['items']> {
  const res = await call('POST', who, '/api/ideas/similar', { ...draft, limit: 10 });
  expect(res.status).toBe(200);
  check('SimilarIdeasResponse', res.body);
  return (res.body as SimilarIdeasResponse).items;
}

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id, SIMILAR_REFRESH_MS: '100' });
  check = await schemaChecker(app);
  await app.storage.sluices.create({
    ...createSluice({
      id: 'grannby',
      name: 'Idéslussen Grannby',
      tenantIds: [OTHER_TENANT],
      coachIds: [],
      adminIds: [OTHER_ADMIN.id],
      now: new Date(),
    }),
    municipalities: { [OTHER_TENANT]: 'Grannby kommun' },
  });
  for (const stage of ['submitted', 'testing', 'closed'] as const)
    await storeIdea(app, {
      sluiceId: 'grannby',
      tenantId: OTHER_TENANT,
      giver: otherGiver,
      stage,
      title: `Sms-påminnelse om simskolan (${stage})`,
      need: 'Föräldrar glömmer anmälan till simskolan.',
      idea: 'Ett sms två veckor innan simskolan börjar.',
    });
  // Written straight to storage with old dates: the index reads them when it is built again.
  await app.services.similar.build();
});
afterAll(async () => {
  await app?.close();
});

it('shows nothing of a sluice that is not linked', async () => {
  expect((await suggestions(coach)).filter((i) => i.title.startsWith('Sms-påminnelse'))).toEqual([]);
});

it('shows the shared stages of a linked sluice, marked with it and without its tenant, until the link is removed', async () => {
  expect((await call('POST', ADMIN, '/api/admin/links', { sluiceId: 'grannby' })).status).toBeLessThan(300);
  expect((await call('POST', OTHER_ADMIN, '/api/admin/links/default/accept')).status).toBeLessThan(300);

  const linked = (await suggestions(coach)).filter((i) => i.title.startsWith('Sms-påminnelse'));
  expect(linked.map((i) => i.stage).sort()).toEqual(['closed', 'testing']);
  for (const item of linked) {
    expect(item.linkedSluice).toEqual({ id: 'grannby', name: 'Idéslussen Grannby' });
    expect(item).not.toHaveProperty('tenantId');
    expect(item.municipality).toBe('Grannby kommun');
    expect(item.shared.length).toBeGreaterThan(0);
  }
  // The other side sees nothing of ours that has not reached a shared stage either, and its own as its own.
  const theirs = await suggestions(OTHER_ADMIN);
  expect(theirs.filter((i) => i.linkedSluice)).toEqual([]);

  expect((await call('DELETE', ADMIN, '/api/admin/links/grannby')).status).toBeLessThan(300);
  expect((await suggestions(coach)).filter((i) => i.title.startsWith('Sms-påminnelse'))).toEqual([]);
});
