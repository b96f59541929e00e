/**
 * The board's kept per-stage counters move exactly once per transition (issue 12, item 5): a
 * submission sent again with its idempotency key, many simultaneous takes of one idea with the same
 * eTag, and a repeated request after the change each leave the counters equal to a recount of the
 * ideas, which the board shows without counting queries.
 */
import { randomUUID } from 'node:crypto';
import type { BoardResponse, IdeaResponse } from '../../bot/src/api/contracts';
import type { Beneficiary } from '../../bot/src/domain/idea';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { actAs, getAs, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const COACH2: Who = { id: 'c0ac0000-0000-4000-8000-000000000042', name: 'Sara Lind', tenantId: TENANT };
let app: TestApp;

async function submit(title: string, idempotencyKey = randomUUID()) {
  const result = await app.services.ideas.submit({
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv' },
    text: { title, need: 'Ett behov', idea: 'En idé', department: 'Kommunledningskontoret', beneficiaries: ['staff'] as Beneficiary[] },
    source: 'chat',
    idempotencyKey,
  });
  if (!result.ok) throw new Error(result.error);
  return result.idea;
}

/** The board's counts, checked to equal a count of the stored ideas. */
async function countsMatchingRecount(): Promise<BoardResponse['counts']> {
  const shown = ((await getAs(app, coach, '/api/board')).body as BoardResponse).counts;
  expect(shown).toEqual(await app.storage.ideas.countByStage('default', {}));
  return shown;
}

beforeAll(async () => {
  app = await startTestApp({ OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0' });
  const found = (await app.storage.sluices.findByTenant(TENANT))!;
  await app.storage.sluices.replace(
    { ...found.value, coaches: [...found.value.coaches, { id: COACH2.id, name: COACH2.name }] },
    found.etag,
  );
});
afterAll(() => app?.close());

describe('kept stage counters, exactly once', () => {
  it('count a submission sent again with its key once', async () => {
    const before = await countsMatchingRecount();
    const key = randomUUID();
    const ideas = await Promise.all([submit('Cykelpool', key), submit('Cykelpool', key), submit('Cykelpool', key)]);
    expect(new Set(ideas.map((i) => i.id)).size).toBe(1);
    await submit('Cykelpool', key);
    const after = await countsMatchingRecount();
    expect(after.submitted).toBe(before.submitted + 1);
  });

  it('move once for many simultaneous takes with one eTag, and not for a repeat after it', async () => {
    const idea = await submit('Lånecyklar');
    const before = await countsMatchingRecount();
    const etag = ((await getAs(app, coach, `/api/ideas/${idea.id}`)).body as IdeaResponse).idea.etag;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => actAs(app, i % 2 === 0 ? coach : COACH2, idea.id, { type: 'take' }, etag)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.every((a) => a.status === 200 || a.status === 412)).toBe(true);
    const after = await countsMatchingRecount();
    expect(after).toEqual({ ...before, submitted: before.submitted - 1, screening: before.screening + 1 });

    expect((await actAs(app, coach, idea.id, { type: 'take' }, etag)).status).toBe(412);
    expect(await countsMatchingRecount()).toEqual(after);
  });
});
