/**
 * Changing the evaluation criteria rescores the ideas as a durable outbox job, against the whole
 * server and the embedded Cosmos: `updateSluice` answers once the criteria are stored and queues
 * one job per change; the worker rescores; a crash between the settings write and the job still
 * rescores after a restart (the recovery sweep finds the change without its job); a repeated
 * request and a superseded change add no work; a job that keeps failing ends in the audit log the
 * admins read, and the ideas it could write still follow the criteria.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditPageBody, SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import { SluiceAdminService } from '../../bot/src/domain/admin/admin-service';
import type { NotificationJob } from '../../bot/src/domain/outbox';
import { MAX_DELIVERY_ROUNDS } from '../../bot/src/domain/notifications';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000031', tenantId: TENANT, name: 'Lars Nilsson' };
const ENV = { OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0', DEFAULT_ADMIN_IDS: ADMIN.id };

/** The app's one clock, moved by the tests that wait out the outbox's back-off. */
let nowMs = Date.now();
const clock = { now: () => new Date(nowMs) };

async function call(app: TestApp, method: string, who: Who, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.call(method, pathname, body, { ...bearer(await tokenFor(app, who)), ...headers });
}

async function settings(app: TestApp): Promise<SluiceSettingsResponse> {
  return (await getAs(app, ADMIN, '/api/admin/sluice')).body as SluiceSettingsResponse;
}

async function putCriteria(app: TestApp, criteria: unknown, etag?: string) {
  const now = await settings(app);
  return call(app, 'PUT', ADMIN, '/api/admin/sluice', { ...now.settings, criteria }, { 'if-match': etag ?? now.etag });
}

async function sluiceId(app: TestApp): Promise<string> {
  return (await app.storage.sluices.findByTenant(TENANT))!.value.id;
}

/** Every rescore job of the sluice in the outbox, oldest first. */
async function rescoreJobs(app: TestApp): Promise<NotificationJob[]> {
  const { resources } = await app.storage.containers.outbox.items
    .query<NotificationJob>({
      query: "SELECT * FROM c WHERE c.type = 'job' AND c.eventKind = 'rescore' AND c.sluiceId = @s ORDER BY c.createdAt ASC",
      parameters: [{ name: '@s', value: await sluiceId(app) }],
    })
    .fetchAll();
  return resources;
}

async function scoreOf(app: TestApp, ideaId: string) {
  return (await app.storage.ideas.get(await sluiceId(app), ideaId))!.value.score;
}

/** An idea at the Idésamtal, scored by the coach. */
async function scoredIdea(app: TestApp, scores: Record<string, number>): Promise<string> {
  const idea = await storeIdea(app, {
    sluiceId: await sluiceId(app),
    tenantId: TENANT,
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
    stage: 'screening',
  });
  const res = await call(app, 'PUT', coach, `/api/ideas/${idea.id}/scores`, { scores });
  expect(res.status).toBe(200);
  return idea.id;
}

const NYTTA = { id: 'nytta', name: 'Nytta för invånarna', weight: 1 };
const KOSTNAD = { id: 'kostnad', name: 'Kostnad', weight: 1 };

describe('a criteria change through updateSluice', () => {
  let app: TestApp;
  let ideaId: string;
  beforeAll(async () => {
    app = await startTestApp(ENV, { captureLogs: true });
    expect((await putCriteria(app, [NYTTA, KOSTNAD])).status).toBe(200);
    await app.services.notifications.runOnce();
    // Nytta 5 (100) and Kostnad 1 (0), weighed alike: 50.
    ideaId = await scoredIdea(app, { nytta: 5, kostnad: 1 });
  });
  afterAll(() => app?.close());

  it('is answered before the ideas are rescored; the queued job rescores them', async () => {
    expect(await scoreOf(app, ideaId)).toEqual({ weighted: 50, coaches: 1 });
    const before = (await rescoreJobs(app)).length;
    const res = await putCriteria(app, [{ ...NYTTA, weight: 3 }, KOSTNAD]);
    expect(res.status).toBe(200);
    // The answer came with the old score still stored: the rescoring waits in the outbox.
    expect(await scoreOf(app, ideaId)).toEqual({ weighted: 50, coaches: 1 });
    const jobs = await rescoreJobs(app);
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.at(-1)).toMatchObject({ status: 'pending', steps: [{ step: { kind: 'rescore' }, status: 'pending' }] });

    expect(await app.services.notifications.runOnce()).toBe(1);
    // (100·3 + 0·1) / 4 = 75.
    expect(await scoreOf(app, ideaId)).toEqual({ weighted: 75, coaches: 1 });
    expect((await rescoreJobs(app)).at(-1)).toMatchObject({ status: 'done', steps: [{ status: 'done' }] });
    expect(await app.services.notifications.runOnce()).toBe(0);
  });

  it('repeated adds no job and no work: the same settings again change nothing, the old version is refused', async () => {
    const before = (await rescoreJobs(app)).length;
    const old = (await settings(app)).etag;
    const criteria = [
      { ...NYTTA, weight: 1 },
      { ...KOSTNAD, weight: 3 },
    ];
    expect((await putCriteria(app, criteria, old)).status).toBe(200);
    // The same request again, once with the version it was sent with and once with the new one.
    expect((await putCriteria(app, criteria, old)).status).toBe(412);
    expect((await putCriteria(app, criteria)).status).toBe(200);
    expect(await rescoreJobs(app)).toHaveLength(before + 1);
    expect(await app.services.notifications.runOnce()).toBe(1);
    // (100·1 + 0·3) / 4 = 25.
    expect(await scoreOf(app, ideaId)).toEqual({ weighted: 25, coaches: 1 });
    expect(await app.services.notifications.runOnce()).toBe(0);
  });

  it('a newer change supersedes an older pending one: only the newest is worked, to the newest criteria', async () => {
    const rescored = () => app.logs.filter((l) => l.msg === 'Criteria changed: the scored ideas were rescored').length;
    const runs = rescored();
    expect((await putCriteria(app, [NYTTA])).status).toBe(200);
    expect((await putCriteria(app, [KOSTNAD])).status).toBe(200);
    const pending = (await rescoreJobs(app)).filter((j) => j.status === 'pending');
    expect(pending).toHaveLength(2);
    expect(await app.services.notifications.runOnce()).toBe(2);
    expect(rescored()).toBe(runs + 1);
    expect(app.logs.filter((l) => l.msg === 'Rescoring skipped: the criteria changed again since')).toHaveLength(1);
    // Only Kostnad counts: 1 → 0.
    expect(await scoreOf(app, ideaId)).toEqual({ weighted: 0, coaches: 1 });
    expect((await rescoreJobs(app)).every((j) => j.status === 'done')).toBe(true);
  });
});

describe('a crash between the settings write and the job', () => {
  it('still rescores after a restart: the recovery sweep queues the job the request could not', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ideslussen-rescore-'));
    try {
      let ideaId = '';
      const first = await startTestApp({ ...ENV, DATA_DIR: dataDir });
      try {
        expect((await putCriteria(first, [NYTTA, KOSTNAD])).status).toBe(200);
        await first.services.notifications.runOnce();
        ideaId = await scoredIdea(first, { nytta: 5, kostnad: 1 });
        expect(await scoreOf(first, ideaId)).toEqual({ weighted: 50, coaches: 1 });
        // What the request does up to the crash: the settings write (and its audit entry), not the job.
        const found = (await first.storage.sluices.findByTenant(TENANT))!;
        const admin = new SluiceAdminService(first.storage.sluices, first.storage.audit, clock);
        const view = (await settings(first)).settings;
        const written = await admin.update(found.value.id, { ...ADMIN }, { ...view, criteria: [NYTTA] }, found.etag);
        expect(written.ok).toBe(true);
        expect(await rescoreJobs(first)).toHaveLength(1);
      } finally {
        await first.stop();
      }

      const restarted = await startTestApp({ ...ENV, DATA_DIR: dataDir });
      try {
        expect(await scoreOf(restarted, ideaId)).toEqual({ weighted: 50, coaches: 1 });
        expect(await restarted.services.notifications.sweepOnce(0)).toBe(1);
        expect(await restarted.services.notifications.runOnce()).toBe(1);
        // Only Nytta counts now: 5 → 100.
        expect(await scoreOf(restarted, ideaId)).toEqual({ weighted: 100, coaches: 1 });
        // Found once: the next sweep finds the job.
        expect(await restarted.services.notifications.sweepOnce(0)).toBe(0);
        expect(await rescoreJobs(restarted)).toHaveLength(2);
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a rescore job that keeps failing', () => {
  let app: TestApp;
  let check: (schema: string, body: unknown) => void;
  beforeAll(async () => {
    app = await startTestApp(ENV, { clock });
    check = await schemaChecker(app);
  });
  afterAll(() => app?.close());

  it('is retried with back-off, then written to the audit log the admins read; the other ideas follow the criteria', async () => {
    expect((await putCriteria(app, [NYTTA, KOSTNAD])).status).toBe(200);
    await app.services.notifications.runOnce();
    const good = await scoredIdea(app, { nytta: 5, kostnad: 1 });
    const broken = await storeIdea(app, {
      sluiceId: await sluiceId(app),
      tenantId: TENANT,
      giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
      stage: 'screening',
    });
    // A score sheet no coach could have given (as a faulty import might write one): no scores object at all.
    await app.storage.containers.participation.items.create({
      id: 'score-broken-sheet',
      kind: 'score',
      sluiceId: await sluiceId(app),
      ideaId: broken.id,
      coach: { id: COACH.id, tenantId: TENANT, name: COACH.name },
      scores: null,
      at: clock.now().toISOString(),
      atMs: nowMs,
    });

    expect((await putCriteria(app, [{ ...NYTTA, weight: 3 }, KOSTNAD])).status).toBe(200);
    const retried: number[] = [];
    for (let round = 1; round <= MAX_DELIVERY_ROUNDS; round++) {
      expect(await app.services.notifications.runOnce()).toBe(1);
      const [job] = (await rescoreJobs(app)).slice(-1);
      retried.push(job!.attempts);
      if (round < MAX_DELIVERY_ROUNDS) {
        expect(job).toMatchObject({ status: 'pending' });
        // Not due again until its back-off has passed.
        expect(await app.services.notifications.runOnce()).toBe(0);
        nowMs = job!.dueAtMs;
      }
    }
    expect(retried).toEqual(Array.from({ length: MAX_DELIVERY_ROUNDS }, (_, i) => i + 1));
    const dead = (await rescoreJobs(app)).at(-1)!;
    expect(dead).toMatchObject({ status: 'done', steps: [{ status: 'failed' }] });
    expect(dead.steps[0]!.lastError).toContain(`idea ${broken.id}`);

    // The idea that could be written follows the new criteria: (100·3 + 0) / 4 = 75.
    expect(await scoreOf(app, good)).toEqual({ weighted: 75, coaches: 1 });
    const audit = await call(app, 'GET', ADMIN, '/api/admin/audit');
    expect(audit.status).toBe(200);
    check('AuditPage', audit.body);
    const entries = (audit.body as AuditPageBody).items.filter((e) => e.action === 'scores.rescoreFailed');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor.name).toBe('Idéslussen');
    expect(entries[0]!.rescore?.error).toContain('1 of 2 scored ideas could not be rescored');
    expect(await app.services.notifications.runOnce()).toBe(0);
  });
});
