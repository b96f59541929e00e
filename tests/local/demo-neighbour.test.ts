/**
 * The local demo's second sluice (DEMO_NEIGHBOUR_SLUICE, set by `npm start`): seeded once with its
 * ideas and a request for a link with the demo sluice, which the demo admin can accept; after that
 * the demo sluice sees its tested, implemented and closed ideas. A later start changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DevPersonasResponse } from '../../bot/src/api/contracts';
import type { LinkedIdeasBody, SluiceLinksBody } from '../../bot/src/api/link-schemas';
import { GIVER, TENANT } from '../../bot/src/local/activities';
import { NEIGHBOUR, NEIGHBOUR_IDEAS } from '../../bot/src/local/demo-neighbour';
import { startTestApp, type TestApp } from '../helpers/app';

const ADMIN = { id: 'ad000000-0000-4000-8000-0000000000d1', name: 'Lars Nilsson' };
const ENV = { DEMO_NEIGHBOUR_SLUICE: 'true', DEFAULT_ADMIN_IDS: ADMIN.id, OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0' };

let dataDir: string;
let app: TestApp;

async function as(who: { id: string; name: string }, tenantId = TENANT): Promise<Record<string, string>> {
  const res = await app.post('/api/dev/token', { oid: who.id, tid: tenantId, name: who.name });
  return { authorization: `Bearer ${(res.body as { token: string }).token}` };
}
const links = async (): Promise<SluiceLinksBody['items']> =>
  ((await app.get('/api/admin/links', await as(ADMIN))).body as SluiceLinksBody).items;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-neighbour-'));
  app = await startTestApp(ENV, { dataDir });
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo neighbour sluice', () => {
  it('asks the demo sluice for a link, which its admin sees and can accept', async () => {
    expect(await links()).toMatchObject([{ sluiceId: NEIGHBOUR.sluiceId, name: NEIGHBOUR.name, state: 'invited' }]);
    // Nothing crosses before the demo admin agrees.
    expect(((await app.get('/api/linked-ideas', await as(GIVER))).body as LinkedIdeasBody).items).toEqual([]);
    const accepted = await app.post(`/api/admin/links/${NEIGHBOUR.sluiceId}/accept`, undefined, await as(ADMIN));
    expect(accepted.status).toBe(200);
    expect(await links()).toMatchObject([{ state: 'linked' }]);
  });

  it("then shows the demo sluice the neighbour's tested, implemented and closed ideas only", async () => {
    const page = (await app.get('/api/linked-ideas', await as(GIVER))).body as LinkedIdeasBody;
    const shared = NEIGHBOUR_IDEAS.filter((d) => ['testing', 'done', 'closed'].includes(d.stage));
    expect(page.items.map((i) => i.title).sort()).toEqual(shared.map((d) => d.title).sort());
    expect(page.items.every((i) => i.municipality === NEIGHBOUR.municipality)).toBe(true);
    const done = page.items.find((i) => i.stage === 'done');
    expect(done?.effects).toEqual(NEIGHBOUR_IDEAS.find((d) => d.stage === 'done')?.effects);
    expect(page.items.find((i) => i.stage === 'closed')?.reason).toBe(NEIGHBOUR_IDEAS.find((d) => d.stage === 'closed')?.text);
  });

  it("has its own board, and its admin among the demo's personas", async () => {
    const admin = await as(NEIGHBOUR.admin, NEIGHBOUR.tenantId);
    const counts = (await app.get('/api/counts', admin)).body as { total: number };
    expect(counts.total).toBe(NEIGHBOUR_IDEAS.length);
    const personas = ((await app.get('/api/dev/personas')).body as DevPersonasResponse).personas;
    expect(personas).toContainEqual({
      tid: NEIGHBOUR.tenantId,
      oid: NEIGHBOUR.admin.id,
      name: `${NEIGHBOUR.admin.name} (${NEIGHBOUR.municipality})`,
      role: 'admin',
    });
  });

  it('is seeded once: a removed link stays removed over a restart, and no idea is added twice', async () => {
    expect((await app.call('DELETE', `/api/admin/links/${NEIGHBOUR.sluiceId}`, undefined, await as(ADMIN))).status).toBe(200);
    await app.close();
    app = await startTestApp(ENV, { dataDir });
    expect(await links()).toEqual([]);
    const counts = (await app.get('/api/counts', await as(NEIGHBOUR.admin, NEIGHBOUR.tenantId))).body as { total: number };
    expect(counts.total).toBe(NEIGHBOUR_IDEAS.length);
  });
});
