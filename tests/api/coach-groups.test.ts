/**
 * Coaches from an Entra group, through the real Graph adapter and the local Graph stand-in: an
 * admin names the group in the settings, "Synka nu" (syncCoachGroups) and the scheduled round
 * add and remove its transitive members, every change goes to the audit log once, hand-picked
 * coaches stay; without Graph the route says so.
 */
import type { AdminErrorBody, AuditPageBody, CoachSyncResponseBody, SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH_GROUP_ID, graphEnvironment, startTestGraph, type GraphStandIn } from '../helpers/graph-standin';
import { bearer, schemaChecker, tokenFor, type Who } from './helpers';

const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
/** The nested group of the test directory: Omar Haddad is a coach through it. */
const NESTED_GROUP = '6a000000-0000-4000-8000-000000000002';

async function call(app: TestApp, method: 'GET' | 'PUT' | 'POST', who: Who, pathname: string, body?: unknown, etag?: string) {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    headers: {
      ...bearer(await tokenFor(app, who)),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(etag ? { 'if-match': etag } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
}

async function syncEvents(app: TestApp): Promise<AuditPageBody['items']> {
  const page = (await call(app, 'GET', ADMIN, '/api/admin/audit?pageSize=100')).body as AuditPageBody;
  return page.items.filter((e) => e.action === 'coaches.synced');
}

describe('with Graph (the local stand-in)', () => {
  let graph: GraphStandIn;
  let app: TestApp;
  let check: (schema: string, body: unknown) => void;

  beforeAll(async () => {
    graph = await startTestGraph();
    // The rounds are driven by the test (the reminder round, too, would write the sluice's digest marks meanwhile).
    app = await startTestApp({ ...graphEnvironment(graph), DEFAULT_ADMIN_IDS: ADMIN.id, GRAPH_GROUP_SYNC_MS: '0', REMINDER_SCAN_MS: '0' });
    check = await schemaChecker(app);
  });
  afterAll(async () => {
    await app?.close();
    await graph?.stop();
  });

  it('refuses a group id that is not a GUID or a tenant that is not a member', async () => {
    const view = (await call(app, 'GET', ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
    expect(view.directorySync).toBe(true);
    const res = await call(
      app,
      'PUT',
      ADMIN,
      '/api/admin/sluice',
      { ...view.settings, coachGroups: [{ groupId: 'idécoacher', tenantId: '99999999-9999-4999-8999-999999999999' }] },
      view.etag,
    );
    expect(res.status).toBe(400);
    expect((res.body as AdminErrorBody).problems?.map((p) => 'field' in p && p.field)).toEqual([
      'coachGroups.0.groupId',
      'coachGroups.0.tenantId',
    ]);
  });

  it('adds the transitive members on "Synka nu", keeps the hand-picked coach, logs it once, and changes nothing on a repeat', async () => {
    const view = (await call(app, 'GET', ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
    // Karin Berg stays hand-picked; Omar Haddad is to come from the group (through its nested group).
    const saved = await call(
      app,
      'PUT',
      ADMIN,
      '/api/admin/sluice',
      { ...view.settings, coaches: [{ id: COACH.id }], coachGroups: [{ groupId: COACH_GROUP_ID, tenantId: TENANT }] },
      view.etag,
    );
    expect(saved.status).toBe(200);

    const res = await call(app, 'POST', ADMIN, '/api/admin/sluice/coach-groups/sync');
    expect(res.status).toBe(200);
    check('CoachSyncResponse', res.body);
    const body = res.body as CoachSyncResponseBody;
    expect(body.added).toEqual([{ id: COACH_2.id, name: COACH_2.name }]);
    expect(body.removed).toEqual([]);
    expect(body.named).toEqual([{ id: COACH.id, name: COACH.name }]);
    expect(body.sluice.settings.coaches).toEqual([
      { id: COACH.id, name: COACH.name },
      { id: COACH_2.id, name: COACH_2.name, fromGroup: COACH_GROUP_ID },
    ]);
    expect(
      graph.calls.some((c) => c.path === `/v1.0/groups/${COACH_GROUP_ID}/transitiveMembers/microsoft.graph.user` && c.status === 200),
    ).toBe(true);

    const again = (await call(app, 'POST', ADMIN, '/api/admin/sluice/coach-groups/sync')).body as CoachSyncResponseBody;
    expect([again.added, again.removed, again.named]).toEqual([[], [], []]);
    const events = await syncEvents(app);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { id: ADMIN.id, name: ADMIN.name },
      coaches: { added: [{ id: COACH_2.id, name: COACH_2.name }], removed: [], named: [{ id: COACH.id, name: COACH.name }] },
    });
  });

  it('keeps the group coaches while Graph cannot answer, then the scheduled round removes one who left', async () => {
    graph.failNext(503, 4, 0);
    const down = (await call(app, 'POST', ADMIN, '/api/admin/sluice/coach-groups/sync')).body as CoachSyncResponseBody;
    expect(down.unavailableGroups).toEqual([COACH_GROUP_ID]);
    expect(down.sluice.settings.coaches.map((c) => c.id)).toEqual([COACH.id, COACH_2.id]);

    graph.setGroupMembers(NESTED_GROUP, []);
    await app.services.coachGroups.round();
    const sluice = await app.storage.sluices.findByTenant(TENANT);
    expect(sluice?.value.coaches.map((c) => c.id)).toEqual([COACH.id]);
    const [latest] = await syncEvents(app);
    expect(latest).toMatchObject({
      actor: { id: 'directory-sync' },
      coaches: { added: [], removed: [{ id: COACH_2.id, name: COACH_2.name }], named: [] },
    });
    // Rounds (of several instances at once) with nothing left to change write nothing and log nothing.
    await Promise.all([app.services.coachGroups.round(), app.services.coachGroups.round()]);
    expect(await syncEvents(app)).toHaveLength(2);
  }, 30_000);

  it("lists the syncs that named a coach in that coach's own data export", async () => {
    const res = await call(app, 'GET', { ...COACH_2, tenantId: TENANT }, '/api/me/data');
    expect(res.status).toBe(200);
    const items = (res.body as { items: Array<{ kind: string; data: { action?: string } }> }).items;
    expect(items.filter((i) => i.kind === 'auditEntry' && i.data.action === 'coaches.synced')).toHaveLength(2);
  });

  it('lets only admins sync', async () => {
    const res = await call(app, 'POST', { ...GIVER, tenantId: TENANT }, '/api/admin/sluice/coach-groups/sync');
    expect(res.status).toBe(403);
  });
});

describe('without Graph', () => {
  it('says the directory is off instead of syncing', async () => {
    const app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id });
    try {
      const view = (await call(app, 'GET', ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
      expect(view.directorySync).toBe(false);
      const res = await call(app, 'POST', ADMIN, '/api/admin/sluice/coach-groups/sync');
      expect(res.status).toBe(409);
      expect((res.body as AdminErrorBody).message).toContain('no directory (Microsoft Graph)');
    } finally {
      await app.close();
    }
  });
});
