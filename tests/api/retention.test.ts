/**
 * Retention (gallring): the sluice's rules per end state, the gallring job that applies them with
 * the clock moved, the gallring records it keeps, drafts after 30 days, the audit log's own rule,
 * the chain check over every idea, and who may see what. Against the whole server and embedded
 * Cosmos, with the job's instances driven directly on the app's storage.
 */
import { randomUUID } from 'node:crypto';
import type { SluiceSettingsResponse } from '../../bot/src/api/admin-schemas';
import type { ChainReportBody, GallringPageBody, StatementsBody } from '../../bot/src/api/retention-schemas';
import { CosmosCaptureStateRepository } from '../../bot/src/adapters/cosmos/capture-state-repository';
import { CosmosGallringStore, CosmosRetentionSource } from '../../bot/src/adapters/cosmos/retention-store';
import { CosmosIdeaParticipation } from '../../bot/src/adapters/cosmos/idea-participation';
import { CosmosSimilarSource } from '../../bot/src/adapters/cosmos/similar-source';
import { loadSwedishAnalyzer } from '../../bot/src/domain/similar/analyze';
import { SimilarIdeas } from '../../bot/src/domain/similar/similar-ideas';
import type { AuditEvent } from '../../bot/src/domain/admin/audit';
import type { Idea } from '../../bot/src/domain/idea';
import { checkHistoryChain } from '../../bot/src/domain/record';
import { CLAIM_LEASE_MS, GallringWork, gallringRecordId, type GallringRecord } from '../../bot/src/domain/retention/gallring';
import type { RetentionSettings } from '../../bot/src/domain/retention/rules';
import type { Sluice } from '../../bot/src/domain/sluice';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, getAs, schemaChecker, storeIdea, tokenFor, type Who } from './helpers';

const giver: Who = { ...GIVER, tenantId: TENANT };
const coach: Who = { ...COACH, tenantId: TENANT };
const ADMIN: Who = { id: 'ad000000-0000-4000-8000-000000000011', tenantId: TENANT, name: 'Lars Nilsson' };
const REGISTRATOR: Who = { id: '4e900000-0000-4000-8000-000000000011', tenantId: TENANT, name: 'Åsa Öberg' };

const RULES: RetentionSettings = {
  rules: [
    { stage: 'closed', action: 'delete', years: 2, decision: 'KS 2024/117 § 12, punkt 3.4' },
    { stage: 'done', action: 'removePersonalData', years: 5, decision: 'KS 2024/117 § 12, punkt 3.5' },
  ],
  audit: { years: 3, decision: 'KS 2024/117 § 12, punkt 9.1' },
};

/** The day the job runs on, and the instant of each round. */
const NOW = new Date('2026-12-02T09:00:00.000Z');

let app: TestApp;
let sluice: Sluice;
let check: (schema: string, body: unknown) => void;
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Another instance of the gallring job on the same storage (the app's own is `app.services.gallring`). */
function instance(id: string): GallringWork {
  return new GallringWork({
    sluices: app.storage.sluices,
    ideas: app.storage.ideas,
    records: new CosmosGallringStore(app.storage.containers.participation),
    source: new CosmosRetentionSource(app.storage.containers),
    participation: new CosmosIdeaParticipation(app.storage.containers.participation),
    audit: app.storage.audit,
    logger,
    instanceId: id,
    changed: async (sluiceId, removed) => {
      if (removed.length > 0) await app.services.stageCounts.rebuild(sluiceId);
    },
  });
}

async function settingsAs(who: Who): Promise<{ status: number; body: unknown }> {
  return getAs(app, who, '/api/admin/sluice');
}

async function putSettings(who: Who, edit: (s: SluiceSettingsResponse['settings']) => unknown) {
  const now = (await settingsAs(ADMIN)).body as SluiceSettingsResponse;
  return app.call('PUT', '/api/admin/sluice', edit(now.settings), { ...bearer(await tokenFor(app, who)), 'if-match': now.etag });
}

async function records(who: Who = ADMIN): Promise<GallringPageBody> {
  const res = await getAs(app, who, '/api/admin/gallring?pageSize=100');
  expect(res.status).toBe(200);
  check('GallringPage', res.body);
  return res.body as GallringPageBody;
}

/** An idea in an end stage since `since`, with a coach's decision in its history. */
async function ended(stage: 'closed' | 'done' | 'testing', since: string, title: string): Promise<Idea> {
  const created = new Date(Date.parse(since) - 30 * 86_400_000).toISOString();
  return storeIdea(app, {
    sluiceId: sluice.id,
    tenantId: TENANT,
    giver: { ...giver, locale: 'sv', jobTitle: 'Undersköterska' },
    title,
    stage,
    createdAt: created,
    createdAtMs: Date.parse(created),
    stageChangedAt: since,
    coach: { id: coach.id, name: coach.name },
    record: {
      reference: `IDÉ ${since.slice(0, 4)}/${title.length}`,
      year: 2020,
      serial: 1,
      authority: { tenantId: TENANT, name: 'Kommunen' },
      receivedOn: created.slice(0, 10),
    },
    history: [
      { id: `s-${title}`, kind: 'submitted', at: created, actor: { id: giver.id, name: giver.name }, to: 'submitted' },
      { id: `t-${title}`, kind: 'taken', at: created, actor: { id: coach.id, name: coach.name }, from: 'submitted', to: 'screening' },
      {
        id: `e-${title}`,
        kind: stage === 'closed' ? 'declined' : 'advanced',
        at: since,
        actor: { id: coach.id, name: coach.name },
        to: stage,
        text: 'Beslut med motivering',
      },
    ],
  });
}

async function storedIdea(id: string): Promise<Idea | undefined> {
  return (await app.storage.ideas.get(sluice.id, id))?.value;
}

beforeAll(async () => {
  app = await startTestApp({ REMINDER_SCAN_MS: '0', DEFAULT_ADMIN_IDS: ADMIN.id });
  check = await schemaChecker(app);
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  await app.storage.sluices.replace({ ...found.value, registrators: [REGISTRATOR.id] }, found.etag);
  sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
});
afterAll(() => app.close());

describe('retention rules in the sluice settings', () => {
  it('are stored with updateSluice and shown by getSluice', async () => {
    const res = await putSettings(ADMIN, (s) => ({
      ...s,
      retention: RULES,
      dataController: {
        name: 'Kommunstyrelsen i Exempelby',
        contact: 'kommunstyrelsen@exempelby.se',
        dpoContact: 'dataskydd@exempelby.se',
      },
    }));
    expect(res.status).toBe(200);
    const view = (await settingsAs(ADMIN)).body as SluiceSettingsResponse;
    check('SluiceSettingsResponse', view);
    expect(view.settings.retention).toEqual(RULES);
    expect(view.settings.dataController?.name).toBe('Kommunstyrelsen i Exempelby');
    sluice = (await app.storage.sluices.findByTenant(TENANT))!.value;
  });

  it('refuses a rule without its time or decision, and two rules for one stage, naming the field', async () => {
    const res = await putSettings(ADMIN, (s) => ({
      ...s,
      retention: {
        rules: [
          { stage: 'closed', action: 'delete', decision: 'KS 1' },
          { stage: 'closed', action: 'keep', decision: '' },
        ],
      },
    }));
    expect(res.status).toBe(400);
    const fields = (res.body as { problems: { field: string }[] }).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['retention.rules.0.years', 'retention.rules.1.stage', 'retention.rules.1.decision']));
    const view = (await settingsAs(ADMIN)).body as SluiceSettingsResponse;
    expect(view.settings.retention).toEqual(RULES);
  });
});

describe('the gallring job', () => {
  let closedOld: Idea, closedNew: Idea, doneOld: Idea, doneNew: Idea, testingOld: Idea;

  beforeAll(async () => {
    closedOld = await ended('closed', '2023-01-10T10:00:00.000Z', 'Avslutad för länge sedan');
    closedNew = await ended('closed', '2025-06-01T10:00:00.000Z', 'Avslutad nyligen');
    doneOld = await ended('done', '2020-05-01T10:00:00.000Z', 'Införd för länge sedan');
    doneNew = await ended('done', '2023-01-01T10:00:00.000Z', 'Införd nyligen');
    testingOld = await ended('testing', '2015-03-01T10:00:00.000Z', 'Testas sedan länge');
  });

  it('with two instances at once removes exactly what the rules say and writes one gallring record per rule', async () => {
    const [a, b] = await Promise.all([app.services.gallring.run(NOW), instance('two').run(NOW)]);
    expect(a + b).toBe(2);

    // Avslutad, more than two years: the idea is gone. Avslutad, less: kept. Testas: no rule, kept.
    expect(await storedIdea(closedOld.id)).toBeUndefined();
    expect((await storedIdea(closedNew.id))?.giver.name).toBe(giver.name);
    expect((await storedIdea(testingOld.id))?.giver.name).toBe(giver.name);
    expect((await storedIdea(doneNew.id))?.giver.name).toBe(giver.name);

    // Införd, more than five years: the people are gone, the record is kept, its chain whole.
    const stripped = (await storedIdea(doneOld.id))!;
    expect(stripped.title).toBe(doneOld.title);
    expect(stripped.idea).toBe(doneOld.idea);
    expect(stripped.history.map((e) => e.kind)).toEqual(['submitted', 'taken', 'advanced', 'personalDataRemoved']);
    expect(stripped.history.at(-1)?.text).toBe('KS 2024/117 § 12, punkt 3.5');
    const json = JSON.stringify(stripped);
    for (const trace of [giver.id, giver.name, coach.id, coach.name, 'Undersköterska']) expect(json).not.toContain(trace);
    expect(checkHistoryChain(stripped.history)).toEqual({ whole: true, events: 4 });

    const page = await records(REGISTRATOR);
    const byRule = (rule: string) => page.items.filter((r) => r.rule === rule);
    expect(byRule('closed')).toHaveLength(1);
    expect(byRule('closed')[0]).toMatchObject({
      state: 'done',
      action: 'delete',
      decision: 'KS 2024/117 § 12, punkt 3.4',
      after: { years: 2 },
      count: 1,
      ideas: [{ id: closedOld.id, number: closedOld.number, reference: closedOld.record!.reference }],
    });
    expect(byRule('done')).toHaveLength(1);
    expect(byRule('done')[0]).toMatchObject({
      action: 'removePersonalData',
      count: 1,
      ideas: [{ id: doneOld.id, number: doneOld.number, chainWholeBefore: true }],
    });
    expect(page.items.every((r) => r.scope === 'sluice' || r.rule === 'drafts')).toBe(true);

    // The audit log says so, once per record.
    const audit = await app.storage.audit.list(sluice.id, { pageSize: 100 });
    expect(
      audit.items
        .filter((e) => e.action === 'gallring.applied')
        .map((e) => e.gallring?.rule)
        .sort(),
    ).toEqual(['closed', 'done']);
  });

  it('does nothing more the same day, and takes what has become due on a later day', async () => {
    expect(await instance('one').run(new Date(NOW.getTime() + 3_600_000))).toBe(0);
    expect((await records()).items.filter((r) => r.rule === 'closed')).toHaveLength(1);

    const later = new Date('2027-06-02T09:00:00.000Z');
    expect(await instance('two').run(later)).toBe(1);
    expect(await storedIdea(closedNew.id)).toBeUndefined();
    const closed = (await records()).items.filter((r) => r.rule === 'closed');
    expect(closed).toHaveLength(2);
    expect(closed[0]?.ideas.map((i) => i.id)).toEqual([closedNew.id]);
    // Removed ideas are off the board's counts.
    const counts = await app.services.stageCounts.counts(sluice.id);
    expect(counts.closed).toBe(0);
  });

  it("drops an idea another instance's gallring removed from this instance's similar ideas at its next check", async () => {
    const gone = await ended('closed', '2020-01-01T10:00:00.000Z', 'Solceller på förskolornas tak');
    let at = Date.parse('2027-07-02T08:00:00.000Z');
    const similar = new SimilarIdeas({
      source: new CosmosSimilarSource(app.storage.containers.ideas, app.storage.containers.participation),
      analyzer: await loadSwedishAnalyzer(),
      clock: { now: () => new Date(at) },
      logger,
      refreshMs: 0,
      maxIdeas: 100_000,
    });
    await similar.build();
    const draft = { title: gone.title, need: gone.need, idea: gone.idea };
    expect(similar.find([sluice.id], draft, 10).map((m) => m.id)).toContain(gone.id);

    // Another instance removes it on its round; this index was not told.
    expect(await instance('two').run(new Date('2027-07-02T09:00:00.000Z'))).toBe(1);
    expect(await storedIdea(gone.id)).toBeUndefined();
    at += 10_000;
    await similar.refresh();
    expect(similar.find([sluice.id], draft, 10).map((m) => m.id)).toContain(gone.id);
    // Until its next check of the gallring records (every 30 s), when it is suggested no more.
    at = Date.parse('2027-07-02T09:00:31.000Z');
    await similar.refresh();
    expect(similar.find([sluice.id], draft, 10).map((m) => m.id)).not.toContain(gone.id);
  });

  it('finishes a batch an instance claimed and never completed, once the claim has run out', async () => {
    const victim = await ended('closed', '2020-01-01T10:00:00.000Z', 'Påbörjad gallring');
    const day = new Date('2027-08-03T09:00:00.000Z');
    const store = new CosmosGallringStore(app.storage.containers.participation);
    const claim: GallringRecord = {
      id: gallringRecordId(sluice.id, 'closed', '2027-08-03', 1),
      sluiceId: sluice.id,
      kind: 'gallring',
      rule: 'closed',
      action: 'delete',
      decision: RULES.rules[0]!.decision,
      after: { years: 2 },
      round: '2027-08-03',
      batch: 1,
      dueBefore: '2025-08-03T09:00:00.000Z',
      claimedAt: day.toISOString(),
      claimedBy: 'crashed',
      state: 'claimed',
      atMs: day.getTime(),
      ideas: [{ id: victim.id, number: victim.number }],
      count: 0,
    };
    expect(await store.claim(claim)).toBeDefined();
    // While the claim holds, another instance leaves it alone.
    expect(await instance('one').run(new Date(day.getTime() + 60_000))).toBe(0);
    expect(await storedIdea(victim.id)).toBeDefined();
    // After the lease, it takes the batch over and records it.
    expect(await instance('one').run(new Date(day.getTime() + CLAIM_LEASE_MS + 60_000))).toBe(1);
    expect(await storedIdea(victim.id)).toBeUndefined();
    expect((await store.get(sluice.id, claim.id))?.value).toMatchObject({ state: 'done', count: 1, claimedBy: 'one' });
  });

  it('removes drafts never handed in 30 days after they were last touched, and nothing else of the giver', async () => {
    const states = new CosmosCaptureStateRepository(app.storage.containers.botstate);
    const draft = (updatedAt: string) => ({
      id: `d-${updatedAt}`,
      source: 'chat' as const,
      title: 'Ett utkast',
      step: 'need' as const,
      editing: false,
      startedAt: updatedAt,
      updatedAt,
    });
    const old = new Date(NOW.getTime() - 31 * 86_400_000).toISOString();
    const recent = new Date(NOW.getTime() - 29 * 86_400_000).toISOString();
    await states.put('msteams/users/old', { draft: draft(old), submitted: [], lastDepartment: 'Kultur' }, undefined);
    await states.put('msteams/users/recent', { draft: draft(recent), submitted: [] }, undefined);
    await states.put('msteams/users/none', { submitted: [], lastDepartment: 'Skola' }, undefined);

    expect(await Promise.all([instance('one').run(NOW), instance('two').run(NOW)]).then(([x, y]) => x + y)).toBe(1);
    expect((await states.get('msteams/users/old'))?.value).toEqual({ submitted: [], lastDepartment: 'Kultur' });
    expect((await states.get('msteams/users/recent'))?.value.draft?.updatedAt).toBe(recent);
    expect((await states.get('msteams/users/none'))?.value).toEqual({ submitted: [], lastDepartment: 'Skola' });
    const drafts = (await records()).items.filter((r) => r.rule === 'drafts');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ scope: 'drafts', action: 'deleteDrafts', after: { days: 30 }, count: 1, ideas: [] });
  });

  it("removes audit entries by the audit log's own rule and keeps the rest", async () => {
    const at = (iso: string): AuditEvent => ({
      id: `old-audit-${iso}`,
      sluiceId: sluice.id,
      at: iso,
      atMs: Date.parse(iso),
      actor: { id: ADMIN.id, tenantId: TENANT, name: ADMIN.name },
      action: 'record.viewed',
      idea: { id: 'x', number: 1 },
    });
    await app.storage.audit.append(at('2022-01-01T00:00:00.000Z'));
    await app.storage.audit.append(at('2025-01-01T00:00:00.000Z'));
    const day = new Date('2027-09-01T09:00:00.000Z');
    // The draft the previous test kept is past its 30 days by then too: two items in all.
    expect(await instance('one').run(day)).toBe(2);
    const ids = (await app.storage.audit.list(sluice.id, { pageSize: 100 })).items.map((e) => e.id);
    expect(ids).not.toContain('old-audit-2022-01-01T00:00:00.000Z');
    expect(ids).toContain('old-audit-2025-01-01T00:00:00.000Z');
    expect((await records()).items.filter((r) => r.rule === 'audit')).toEqual([
      expect.objectContaining({ action: 'deleteAuditEntries', count: 1, decision: 'KS 2024/117 § 12, punkt 9.1' }),
    ]);
  });

  it('removes nothing in a sluice without rules', async () => {
    const current = (await app.storage.sluices.get(sluice.id))!;
    const { retention: _rules, ...without } = current.value;
    void _rules;
    await app.storage.sluices.replace(without, current.etag);
    try {
      const kept = await ended('closed', '2001-01-01T10:00:00.000Z', 'Utan regel');
      expect(await instance('one').run(new Date('2030-01-02T09:00:00.000Z'))).toBe(0);
      expect(await storedIdea(kept.id)).toBeDefined();
    } finally {
      const now = (await app.storage.sluices.get(sluice.id))!;
      await app.storage.sluices.replace({ ...now.value, retention: RULES }, now.etag);
    }
  });
});

describe('gallring of what people added around an idea (participation)', () => {
  const colleague: Who = { id: 'c0110000-0000-4000-8000-000000000011', tenantId: TENANT, name: 'Maja Lind' };
  /** The day the rules find both ideas due: Avslutad 2 years, Införd 5 years after 2020. */
  const DAY = new Date('2031-03-03T09:00:00.000Z');

  /** A comment and a help offer by a colleague, her support, a coach's note and score sheet; the comment hidden by the coach. */
  async function participate(idea: Idea): Promise<void> {
    const as = async (who: Who) => bearer(await tokenFor(app, who));
    const comment = await app.post(
      `/api/ideas/${idea.id}/comments`,
      { text: 'Vi gör likadant på Ekgården', idempotencyKey: randomUUID() },
      await as(colleague),
    );
    expect(comment.status).toBe(201);
    const note = await app.post(
      `/api/ideas/${idea.id}/comments`,
      { text: 'Ring förvaltningschefen', kind: 'note', idempotencyKey: randomUUID() },
      await as(coach),
    );
    expect(note.status).toBe(201);
    const commentId = (comment.body as { comment: { id: string } }).comment.id;
    expect(
      (await app.post(`/api/ideas/${idea.id}/comments/${commentId}/hide`, { reason: 'Nämner en brukare' }, await as(coach))).status,
    ).toBe(200);
    expect((await app.call('PUT', `/api/ideas/${idea.id}/support`, undefined, await as(colleague))).status).toBe(200);
    expect((await app.post(`/api/ideas/${idea.id}/help`, { note: 'Jag har gjort det förut' }, await as(colleague))).status).toBe(201);
    expect((await app.call('PUT', `/api/ideas/${idea.id}/scores`, { scores: { nytta: 4 } }, await as(coach))).status).toBe(200);
  }

  /** The idea moved to an end stage long ago, as if a coach had decided it then. */
  async function endedLongAgo(idea: Idea, stage: 'closed' | 'done'): Promise<void> {
    const found = (await app.storage.ideas.get(sluice.id, idea.id))!;
    await app.storage.ideas.replace({ ...found.value, stage, stageChangedAt: '2020-02-01T10:00:00.000Z' }, found.etag);
  }

  async function participationOf(ideaId: string): Promise<Record<string, unknown>[]> {
    const { resources } = await app.storage.containers.participation.items
      .query<Record<string, unknown>>({
        query: 'SELECT * FROM c WHERE c.sluiceId = @s AND c.ideaId = @i',
        parameters: [
          { name: '@s', value: sluice.id },
          { name: '@i', value: ideaId },
        ],
      })
      .fetchAll();
    return resources;
  }

  it('removes them with the idea, strips the people from them with its personal data, and counts them in the record', async () => {
    const found = (await app.storage.sluices.get(sluice.id))!;
    await app.storage.sluices.replace({ ...found.value, criteria: [{ id: 'nytta', name: 'Nytta', weight: 1 }] }, found.etag);
    const removed = await ended('testing', '2020-01-01T10:00:00.000Z', 'Gallras med allt runt omkring');
    const kept = await ended('testing', '2020-01-01T10:00:00.000Z', 'Avidentifieras med allt runt omkring');
    const untouched = await ended('testing', '2020-01-01T10:00:00.000Z', 'Testas fortfarande');
    for (const idea of [removed, kept, untouched]) await participate(idea);
    expect(await participationOf(removed.id)).toHaveLength(5);
    await endedLongAgo(removed, 'closed');
    await endedLongAgo(kept, 'done');

    await Promise.all([instance('one').run(DAY), instance('two').run(DAY)]);

    // Avslutad, delete: the idea and everything around it are gone.
    expect(await storedIdea(removed.id)).toBeUndefined();
    expect(await participationOf(removed.id)).toEqual([]);

    // Införd, personal data removed: the five documents stay with their texts, nobody is named.
    const docs = await participationOf(kept.id);
    expect(docs.map((d) => d['kind']).sort()).toEqual(['comment', 'helpOffer', 'note', 'score', 'support']);
    const json = JSON.stringify(docs);
    for (const trace of [colleague.id, colleague.name, coach.id, coach.name]) expect(json).not.toContain(trace);
    const byKind = (kind: string) => docs.find((d) => d['kind'] === kind)!;
    expect(byKind('comment')).toMatchObject({
      text: 'Vi gör likadant på Ekgården',
      author: { id: '', tenantId: TENANT, name: 'Personuppgift gallrad' },
      hidden: { by: { id: '', name: 'Personuppgift gallrad' }, reason: 'Nämner en brukare' },
    });
    expect(byKind('note')).toMatchObject({ text: 'Ring förvaltningschefen', author: { id: '', name: 'Personuppgift gallrad' } });
    expect(byKind('helpOffer')).toMatchObject({ note: 'Jag har gjort det förut', helper: { id: '', name: 'Personuppgift gallrad' } });
    expect(byKind('support')).toMatchObject({ person: { id: '', name: 'Personuppgift gallrad' } });
    expect(byKind('score')).toMatchObject({ scores: { nytta: 4 }, coach: { id: '', name: 'Personuppgift gallrad' } });

    // An idea no rule reaches keeps its people.
    expect(JSON.stringify(await participationOf(untouched.id))).toContain(colleague.name);

    // The day's records count them, per idea and over the record.
    const all = { comment: 1, note: 1, support: 1, helpOffer: 1, score: 1 };
    const today = (await records(REGISTRATOR)).items.filter((r) => r.at === DAY.toISOString());
    const closed = today.find((r) => r.rule === 'closed')!;
    const done = today.find((r) => r.rule === 'done')!;
    expect(closed.ideas.find((i) => i.id === removed.id)).toMatchObject({ participation: all });
    expect(done.ideas.find((i) => i.id === kept.id)).toMatchObject({ participation: all, chainWholeBefore: true });
    expect(closed.participation).toMatchObject(all);
    expect(done.participation).toMatchObject(all);

    // Later the same day nothing is done again, and the stripped documents are not stripped twice.
    expect(await instance('one').run(new Date(DAY.getTime() + 3_600_000))).toBe(0);
    expect(await participationOf(kept.id)).toEqual(docs);
  });
});

describe('the chain check over every idea', () => {
  it('counts every idea and names the one changed in Cosmos past the app', async () => {
    const idea = await ended('testing', '2026-01-01T10:00:00.000Z', 'Ändras i databasen');
    const before = await getAs(app, REGISTRATOR, '/api/admin/chain-check');
    expect(before.status).toBe(200);
    check('ChainReport', before.body);
    const whole = before.body as ChainReportBody;
    expect(whole.checked).toBeGreaterThanOrEqual(5);
    expect(whole.broken).toEqual([]);

    const item = app.storage.containers.ideas.item(idea.id, sluice.id);
    const { resource } = await item.read<Idea & Record<string, unknown>>();
    await item.replace({ ...resource!, history: resource!.history.map((e) => (e.kind === 'taken' ? { ...e, text: 'inskjutet' } : e)) });

    const after = (await getAs(app, ADMIN, '/api/admin/chain-check')).body as ChainReportBody;
    expect(after.checked).toBe(whole.checked);
    expect(after.broken).toEqual([
      expect.objectContaining({ ideaId: idea.id, number: idea.number, index: 1, kind: 'taken', problem: 'changed' }),
    ]);
  });
});

describe("the registrator's way in: an idea by its reference or number (lookUpRecord)", () => {
  const lookUp = (who: Who, q: string) => getAs(app, who, `/api/records/lookup?q=${encodeURIComponent(q)}`);

  it('finds an idea by its reference, whatever prefix is typed, or by its number', async () => {
    const idea = await storeIdea(app, {
      sluiceId: sluice.id,
      tenantId: TENANT,
      giver: { ...giver, locale: 'sv' },
      title: 'Diarieförd idé',
      record: {
        reference: 'IDÉ 2026/901',
        year: 2026,
        serial: 901,
        authority: { tenantId: TENANT, name: 'Kommunen' },
        receivedOn: '2026-03-01',
      },
    });
    for (const q of ['IDÉ 2026/901', '  idé 2026 / 901 ', '2026/901', `${idea.number}`, `#${idea.number}`]) {
      const res = await lookUp(REGISTRATOR, q);
      expect(res.status).toBe(200);
      check('RecordLookup', res.body);
      expect(res.body).toEqual({
        idea: { id: idea.id, number: idea.number, reference: 'IDÉ 2026/901', title: 'Diarieförd idé', stage: 'submitted' },
      });
    }
    expect((await lookUp(ADMIN, 'IDÉ 2026/901')).status).toBe(200);
  });

  it('names the gallring record that removed an idea, by reference and by number', async () => {
    const gone = (await records()).items.flatMap((r) => (r.action === 'delete' ? r.ideas.map((i) => ({ record: r, idea: i })) : []));
    const { record, idea } = gone.find((g) => g.idea.reference)!;
    for (const q of [idea.reference!, `${idea.number}`]) {
      const res = await lookUp(REGISTRATOR, q);
      expect(res.status).toBe(200);
      check('RecordLookup', res.body);
      expect(res.body).toEqual({
        removed: expect.objectContaining({
          number: idea.number,
          reference: idea.reference,
          recordId: record.id,
          decision: record.decision,
          rule: 'closed',
        }),
      });
    }
  });

  it('answers 404 for what no idea or record names, 400 for other text, 403 for coaches and givers', async () => {
    expect((await lookUp(REGISTRATOR, '987654321')).status).toBe(404);
    expect((await lookUp(REGISTRATOR, 'IDÉ 1999/5')).status).toBe(404);
    const bad = await lookUp(REGISTRATOR, 'drop table');
    expect(bad.status).toBe(400);
    expect((bad.body as { problems: { field: string }[] }).problems[0]?.field).toBe('q');
    expect((await getAs(app, REGISTRATOR, '/api/records/lookup')).status).toBe(400);
    for (const who of [coach, giver]) expect((await lookUp(who, '2026/901')).status).toBe(403);
    // This sluice's registrator signed in from another tenant is nobody here.
    expect((await lookUp({ ...REGISTRATOR, tenantId: '22222222-2222-4222-8222-222222222222' }, '2026/901')).status).toBe(403);
  });
});

describe('who may see what', () => {
  it('gives gallring records and the chain check to admins and registrators only (403 for coaches and givers)', async () => {
    for (const who of [coach, giver]) {
      expect((await getAs(app, who, '/api/admin/gallring')).status).toBe(403);
      expect((await getAs(app, who, '/api/admin/chain-check')).status).toBe(403);
    }
    expect((await putSettings(coach, (s) => ({ ...s, retention: { rules: [] } }))).status).toBe(403);
    expect((await getAs(app, ADMIN, '/api/admin/gallring?pageSize=0')).status).toBe(400);
  });

  it('shows everyone in the sluice the controller of the personal data and the rules (getStatements)', async () => {
    const res = await getAs(app, giver, '/api/statements');
    expect(res.status).toBe(200);
    check('Statements', res.body);
    const body = res.body as StatementsBody;
    expect(body.dataController).toEqual({
      name: 'Kommunstyrelsen i Exempelby',
      contact: 'kommunstyrelsen@exempelby.se',
      dpoContact: 'dataskydd@exempelby.se',
    });
    expect(body.retention).toEqual({ ...RULES, draftDays: 30 });
  });
});
