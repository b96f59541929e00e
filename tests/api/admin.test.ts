import type { SluiceSettingsResponse, AdminErrorBody, AuditPageBody } from '../../bot/src/api/admin-schemas';
import type { TabConfig } from '../../bot/src/api/contracts';
import { DEFAULT_REMINDER_LIMITS, limitsOf } from '../../bot/src/domain/reminders/settings';
import { createSluice } from '../../bot/src/domain/sluice';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Lars Nilsson' };
const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
/** A second sluice's municipality and its admin. */
const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
const OTHER_ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000002', tenantId: OTHER_TENANT, name: 'Maja Ek' };
/** A municipality that is in no sluice yet. */
const NEW_TENANT = '44444444-4444-4444-8444-444444444444';
const NEWCOMER: Who = { id: '61e00000-0000-4000-8000-0000000000aa', tenantId: NEW_TENANT, name: 'Nils Ny' };
const NEW_COACH = 'c0ac0000-0000-4000-8000-0000000000c3';

let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  app = await startTestApp({ DEFAULT_ADMIN_IDS: ADMIN.id, ONBOARDING_CONTACT: 'Lars Nilsson, idesluss@kommun.example' });
  check = await schemaChecker(app);
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
afterAll(async () => {
  await app.close();
});

async function call(method: 'GET' | 'PUT', who: Who | undefined, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${pathname}`, {
    method,
    headers: {
      ...(who ? bearer(await tokenFor(app, who)) : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown, headers: res.headers };
}

async function current(who: Who = ADMIN): Promise<SluiceSettingsResponse> {
  const res = await call('GET', who, '/api/admin/sluice');
  expect(res.status).toBe(200);
  return res.body as SluiceSettingsResponse;
}

async function save(edit: (s: SluiceSettingsResponse['settings']) => SluiceSettingsResponse['settings'], who: Who = ADMIN) {
  const now = await current(who);
  return call('PUT', who, '/api/admin/sluice', edit(now.settings), { 'if-match': now.etag });
}

describe('who may administer the sluice', () => {
  it('gives the admin the settings (matching the OpenAPI schema), with the etag also as a header', async () => {
    const res = await call('GET', ADMIN, '/api/admin/sluice');
    expect(res.status).toBe(200);
    check('SluiceSettingsResponse', res.body);
    const body = res.body as SluiceSettingsResponse;
    expect(body.role).toBe('admin');
    expect(body.settings.admins).toEqual([ADMIN.id]);
    expect(body.settings.coaches.map((c) => c.id)).toContain(COACH.id);
    expect(res.headers.get('etag')).toBe(body.etag);
  });

  it('refuses coaches and everyone else with 403, and a caller without a token with 401', async () => {
    for (const who of [coach, giver]) {
      const res = await call('GET', who, '/api/admin/sluice');
      expect(res.status).toBe(403);
      expect((res.body as AdminErrorBody).message).toMatch(/admins/);
      expect((await call('GET', who, '/api/admin/audit')).status).toBe(403);
    }
    expect((await call('GET', undefined, '/api/admin/sluice')).status).toBe(401);
  });

  it('tells /api/config the caller’s role, and seeds admins from DEFAULT_ADMIN_IDS instead of the coaches', async () => {
    expect(((await getAs(app, ADMIN, '/api/config')).body as TabConfig).caller.role).toBe('admin');
    expect(((await getAs(app, coach, '/api/config')).body as TabConfig).caller.role).toBe('coach');
    expect(((await getAs(app, giver, '/api/config')).body as TabConfig).caller.role).toBe('everyone');
  });

  it('keeps each sluice to its own admins: the other sluice’s admin sees only their own sluice', async () => {
    const theirs = await current(OTHER_ADMIN);
    expect(theirs.sluiceId).toBe('grannslussen');
    expect(theirs.settings.municipalities.map((m) => m.tenantId)).toEqual([OTHER_TENANT]);
    // An admin id of one sluice signed in from another tenant is nobody in the first.
    const impostor: Who = { ...ADMIN, tenantId: OTHER_TENANT };
    expect((await call('GET', impostor, '/api/admin/sluice')).status).toBe(403);
  });
});

describe('changing the settings', () => {
  it('adds a coach and a department with aliases; the board’s configuration shows them; the audit log has before and after', async () => {
    const before = await current();
    const res = await save((s) => ({
      ...s,
      coaches: [...s.coaches, { id: NEW_COACH.toUpperCase(), name: 'Sara Sjö', tenantId: TENANT }],
      departments: [...s.departments, { name: 'Socialförvaltningen', aliases: ['SOC', ' socialen '] }],
      stageLabels: { sv: { ...s.stageLabels.sv, testing: 'Provas' }, en: s.stageLabels.en },
    }));
    expect(res.status).toBe(200);
    check('SluiceSettingsResponse', res.body);
    const after = res.body as SluiceSettingsResponse;
    expect(after.etag).not.toBe(before.etag);
    // Ids are stored as Entra writes them (lower case), texts trimmed.
    expect(after.settings.coaches).toContainEqual({ id: NEW_COACH, name: 'Sara Sjö', tenantId: TENANT });
    expect(after.settings.departments).toContainEqual({ name: 'Socialförvaltningen', aliases: ['SOC', 'socialen'] });

    const config = (await getAs(app, giver, '/api/config')).body as TabConfig;
    expect(config.departments).toContain('Socialförvaltningen');
    expect(config.stageLabels.sv.testing).toBe('Provas');
    expect(config.coaches.map((c) => c.id)).toContain(NEW_COACH);
    // The new coach may now act as one.
    expect(
      ((await getAs(app, { id: NEW_COACH, tenantId: TENANT, name: 'Sara Sjö' }, '/api/config')).body as TabConfig).caller.isCoach,
    ).toBe(true);

    const audit = await call('GET', ADMIN, '/api/admin/audit');
    expect(audit.status).toBe(200);
    check('AuditPage', audit.body);
    const [latest] = (audit.body as AuditPageBody).items;
    expect(latest).toMatchObject({
      action: 'sluice.updated',
      actor: { id: ADMIN.id, name: ADMIN.name },
      changed: ['coaches', 'departments', 'stageLabels'],
    });
    expect(latest?.before?.departments).toEqual(before.settings.departments);
    expect(latest?.after?.departments).toContainEqual({ name: 'Socialförvaltningen', aliases: ['SOC', 'socialen'] });
    expect(latest?.before?.coaches?.map((c) => c.id)).not.toContain(NEW_COACH);
  });

  it('tells the second of two admins editing at once that someone else saved, with the current values, and stores nothing of theirs', async () => {
    const seen = await current();
    const first = await call('PUT', ADMIN, '/api/admin/sluice', { ...seen.settings, name: 'Idéslussen Först' }, { 'if-match': seen.etag });
    expect(first.status).toBe(200);
    const second = await call('PUT', ADMIN, '/api/admin/sluice', { ...seen.settings, name: 'Idéslussen Sist' }, { 'if-match': seen.etag });
    expect(second.status).toBe(412);
    check('AdminError', second.body);
    const body = second.body as AdminErrorBody;
    expect(body.current?.settings.name).toBe('Idéslussen Först');
    expect(body.current?.etag).toBe((first.body as SluiceSettingsResponse).etag);
    expect((await current()).settings.name).toBe('Idéslussen Först');
  });

  it('changes the reminder limits and closed days; a limit left out is the default, and leaving `reminders` out keeps them', async () => {
    const res = await save((s) => ({
      ...s,
      reminders: { limits: { submitted: 3, testing: 40 }, closedDays: [{ from: '2027-07-05', to: '2027-07-30' }] },
    }));
    expect(res.status).toBe(200);
    check('SluiceSettingsResponse', res.body);
    const stored = (await app.storage.sluices.get('default'))!.value;
    expect(stored.reminders).toEqual({ limits: { submitted: 3, testing: 40 }, closedDays: [{ from: '2027-07-05', to: '2027-07-30' }] });
    expect(limitsOf(stored)).toEqual({ ...DEFAULT_REMINDER_LIMITS, submitted: 3, testing: 40 });

    const { reminders: _left, ...withoutReminders } = (await current()).settings;
    void _left;
    expect((await save(() => withoutReminders)).status).toBe(200);
    expect((await app.storage.sluices.get('default'))!.value.reminders?.limits).toEqual({ submitted: 3, testing: 40 });
    expect((await save((s) => ({ ...s, reminders: { limits: {}, closedDays: [] } }))).status).toBe(200);
    expect(limitsOf((await app.storage.sluices.get('default'))!.value)).toEqual(DEFAULT_REMINDER_LIMITS);
  });

  it('sets the record prefix and the registrators; the next idea is registered with the prefix', async () => {
    expect((await current()).settings).toMatchObject({ recordPrefix: 'IDÉ', registrators: [] });
    const registrator = 'ae000000-0000-4000-8000-0000000000e1';
    const res = await save((s) => ({ ...s, recordPrefix: 'KS', registrators: [registrator.toUpperCase()] }));
    expect(res.status).toBe(200);
    check('SluiceSettingsResponse', res.body);
    expect((res.body as SluiceSettingsResponse).settings).toMatchObject({ recordPrefix: 'KS', registrators: [registrator] });
    const stored = (await app.storage.sluices.get('default'))!.value;
    expect([stored.recordPrefix, stored.registrators]).toEqual(['KS', [registrator]]);
    const submitted = await app.services.ideas.submit({
      giver: { ...giver, locale: 'sv' },
      text: { title: 'Diarieförd idé', need: 'Behov', idea: 'Idé', beneficiaries: ['staff'], department: 'Kultur' },
      source: 'chat',
      idempotencyKey: 'record-prefix',
    });
    expect(submitted.ok && submitted.idea.record?.reference).toMatch(/^KS \d{4}\/\d+$/);
    // Left out, both are kept.
    const { recordPrefix: _p, registrators: _r, ...rest } = (await current()).settings;
    void _p;
    void _r;
    expect((await save(() => rest)).status).toBe(200);
    expect((await current()).settings).toMatchObject({ recordPrefix: 'KS', registrators: [registrator] });
    expect((await save((s) => ({ ...s, recordPrefix: 'IDÉ', registrators: [] }))).status).toBe(200);
  });

  it('needs If-Match (428) and a body of the right shape (400)', async () => {
    const seen = await current();
    expect((await call('PUT', ADMIN, '/api/admin/sluice', seen.settings)).status).toBe(428);
    const wrong = await call('PUT', ADMIN, '/api/admin/sluice', { ...seen.settings, coaches: 'Karin' }, { 'if-match': seen.etag });
    expect(wrong.status).toBe(400);
  });

  it.each([
    [
      'a coach id that is not a GUID',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, coaches: [...s.coaches, { id: 'karin.berg' }] }),
      'coaches.*.id',
      'notGuid',
    ],
    [
      'a department list with duplicates',
      (s: SluiceSettingsResponse['settings']) => ({
        ...s,
        departments: [...s.departments, { name: 'Tekniska förvaltningen', aliases: [] }, { name: 'tekniska  förvaltningen.', aliases: [] }],
      }),
      'departments.*.name',
      'duplicate',
    ],
    [
      'a label over 40 characters',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, stageLabels: { sv: { done: 'x'.repeat(41) }, en: {} } }),
      'stageLabels.sv.done',
      'tooLong',
    ],
    [
      'a coach serving an unknown municipality',
      (s: SluiceSettingsResponse['settings']) => ({
        ...s,
        coaches: [...s.coaches, { id: 'c0ac0000-0000-4000-8000-0000000000c9', tenantId: NEW_TENANT }],
      }),
      'coaches.*.tenantId',
      'unknownMunicipality',
    ],
    [
      'a tenant that belongs to another sluice',
      (s: SluiceSettingsResponse['settings']) => ({
        ...s,
        municipalities: [...s.municipalities, { tenantId: OTHER_TENANT, name: 'Grannkommun' }],
      }),
      'municipalities.*.tenantId',
      'tenantInOtherSluice',
    ],
    ['no admin at all', (s: SluiceSettingsResponse['settings']) => ({ ...s, admins: [] }), 'admins', 'noAdmin'],
    [
      'a reminder limit of 0 working days',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, reminders: { limits: { submitted: 0 } } }),
      'reminders.limits.submitted',
      'notANumber',
    ],
    [
      'a reminder limit that is not a whole number',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, reminders: { limits: { testing: 2.5 } } }),
      'reminders.limits.testing',
      'notANumber',
    ],
    [
      'a closed day that is no date',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, reminders: { closedDays: [{ from: '2027-02-30', to: '2027-03-02' }] } }),
      'reminders.closedDays.0',
      'badDate',
    ],
    [
      'a closed period that ends before it starts',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, reminders: { closedDays: [{ from: '2027-07-30', to: '2027-07-05' }] } }),
      'reminders.closedDays.0',
      'endsBeforeStart',
    ],
    [
      'a closed period over a year long',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, reminders: { closedDays: [{ from: '2027-01-01', to: '2028-06-01' }] } }),
      'reminders.closedDays.0',
      'periodTooLong',
    ],
    [
      'a backup coach who is no coach',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, backupCoachId: NEW_TENANT }),
      'backupCoachId',
      'notACoach',
    ],
    [
      'a record prefix with a "/"',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, recordPrefix: 'IDÉ/KS' }),
      'recordPrefix',
      'badPrefix',
    ],
    ['an empty record prefix', (s: SluiceSettingsResponse['settings']) => ({ ...s, recordPrefix: '  ' }), 'recordPrefix', 'required'],
    [
      'a registrator who is not an Entra id',
      (s: SluiceSettingsResponse['settings']) => ({ ...s, registrators: ['registrator@kommun.se'] }),
      'registrators.*',
      'notGuid',
    ],
  ])('refuses %s, naming the field, and stores nothing', async (_what, edit, field, code) => {
    const before = await current();
    const res = await call('PUT', ADMIN, '/api/admin/sluice', edit(before.settings), { 'if-match': before.etag });
    expect(res.status).toBe(400);
    check('AdminError', res.body);
    const body = res.body as AdminErrorBody;
    const pattern = new RegExp(`^${field.replace(/\./g, '\\.').replace(/\*/g, '\\d+')}$`);
    expect(body.problems).toContainEqual(expect.objectContaining({ field: expect.stringMatching(pattern), code }));
    expect(body.message).toMatch(/^Check /);
    const after = await current();
    expect(after.etag).toBe(before.etag);
  });
});

describe('a municipality that is not connected yet', () => {
  it('is told plainly whom to ask, and works as soon as an admin adds it, with no restart', async () => {
    const refused = await call('GET', NEWCOMER, '/api/config');
    expect(refused.status).toBe(403);
    expect((refused.body as { code: string; message: string }).code).toBe('NoSluice');
    expect((refused.body as { message: string }).message).toContain('Lars Nilsson, idesluss@kommun.example');

    const res = await save((s) => ({
      ...s,
      municipalities: [...s.municipalities, { tenantId: NEW_TENANT, name: 'Nykommun', employees: 1200 }],
    }));
    expect(res.status).toBe(200);
    expect((res.body as SluiceSettingsResponse).settings.municipalities).toContainEqual({
      tenantId: NEW_TENANT,
      name: 'Nykommun',
      employees: 1200,
    });

    const welcome = await call('GET', NEWCOMER, '/api/config');
    expect(welcome.status).toBe(200);
    expect((welcome.body as TabConfig).municipalities).toContainEqual({ tenantId: NEW_TENANT, name: 'Nykommun' });
  });
});

describe('the OpenAPI document', () => {
  it('names the administration operations', async () => {
    const doc = (await app.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(doc.paths['/api/admin/sluice']?.['get']?.operationId).toBe('getSluice');
    expect(doc.paths['/api/admin/sluice']?.['put']?.operationId).toBe('updateSluice');
    expect(doc.paths['/api/admin/audit']?.['get']?.operationId).toBe('listAuditEvents');
    expect(doc.paths['/api/admin/import']?.['post']?.operationId).toBe('importIdeas');
    expect(Object.keys(doc.paths['/api/admin/import']?.['post']?.requestBody?.content ?? {})).toEqual(['text/csv']);
  });
});
