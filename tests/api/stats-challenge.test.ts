/**
 * Statistics filtered by challenge (issue 20, item 1), against the whole server and the embedded
 * Cosmos: the kept monthly figures have a challenge dimension, so `getStats?challenge=` sums the
 * challenge's cells (no query over ideas); the figures follow the ideas through submissions and
 * stage changes exactly once, equal a recount from the histories, and a challenge that is not the
 * caller's sluice's is refused.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ChallengeResponse } from '../../bot/src/api/challenge-contracts';
import type { ApiError, IdeaResponse } from '../../bot/src/api/contracts';
import type { StatsResponse } from '../../bot/src/api/stats-contracts';
import type { Idea } from '../../bot/src/domain/idea';
import { createSluice } from '../../bot/src/domain/sluice';
import { addDays, stockholmDate } from '../../bot/src/domain/working-days';
import { COACH, GIVER, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { actAs, bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
const FAR_TENANT = '79797979-7979-4797-8797-797979797979';
const farCoach: Who = { id: 'c0ac0000-0000-4000-8000-0000000000f9', name: 'Per Holm', tenantId: FAR_TENANT };

let app: TestApp;
let check: (schema: string, body: unknown) => void;
let challenge: string;
let answers: Idea[];

async function publish(who: Who, title: string): Promise<string> {
  const res = await app.post(
    '/api/challenges',
    {
      title,
      need: 'Ett behov som kommunen har sett och vill ha idéer om',
      department: who === farCoach ? 'Tekniska' : 'Socialförvaltningen',
      openUntil: addDays(stockholmDate(new Date()), 14),
      idempotencyKey: randomUUID(),
    },
    bearer(await tokenFor(app, who)),
  );
  expect(res.status).toBe(201);
  return (res.body as ChallengeResponse).challenge.id;
}

async function handIn(title: string, challengeId?: string): Promise<Idea> {
  const result = await app.services.ideas.submit({
    giver: { ...GIVER, tenantId: TENANT, locale: 'sv', department: 'Socialförvaltningen' },
    text: {
      title,
      need: 'Många äldre är ensamma',
      idea: 'Fika i trapphuset',
      beneficiaries: ['residents'],
      department: 'Socialförvaltningen',
    },
    source: 'chat',
    idempotencyKey: randomUUID(),
    ...(challengeId ? { challengeId } : {}),
  });
  if (!result.ok) throw new Error('not submitted');
  return result.idea;
}

async function stats(who: Who, query = ''): Promise<StatsResponse> {
  const res = await getAs(app, who, `/api/stats?period=month${query}`);
  expect(res.status).toBe(200);
  check('StatsResponse', res.body);
  return res.body as StatsResponse;
}

/** What a report says, without what changes from one read to the next. */
const figuresOf = (r: StatsResponse) => ({ funnel: r.funnel, now: r.now, outcomes: r.outcomes });

beforeAll(async () => {
  app = await startTestApp({ STATS_SWEEP_MS: '0', OUTBOX_POLL_MS: '0', REMINDER_SCAN_MS: '0' }, { connector: true, meet: [GIVER, COACH] });
  check = await schemaChecker(app);
  challenge = await publish(coach, 'Färre ensamma äldre');
  answers = [await handIn('Fika i trapphuset', challenge), await handIn('Promenadgrupp', challenge)];
  await handIn('Något helt annat');
});
afterAll(() => app?.close());

describe('getStats?challenge=', () => {
  it("counts only the challenge's ideas, as they are handed in and move on", async () => {
    const before = await stats(coach, `&challenge=${challenge}`);
    expect(before.funnel.submitted.value).toBe(2);
    expect(before.now.submitted).toBe(2);
    expect(before.filter).toEqual({ challengeId: challenge });
    expect((await stats(coach)).funnel.submitted.value).toBe(3);

    const first = answers[0]!;
    const read = await getAs(app, coach, `/api/ideas/${first.id}`);
    const taken = await actAs(app, coach, first.id, { type: 'take' }, (read.body as IdeaResponse).idea.etag);
    expect(taken.status).toBe(200);
    const after = await stats(coach, `&challenge=${challenge}`);
    expect(after.funnel.taken?.value).toBe(1);
    expect(after.now).toMatchObject({ submitted: 1, screening: 1 });
    // The public summary filters too, for everyone in the sluice.
    expect((await stats(giver, `&challenge=${challenge}&scope=public`)).funnel.submitted.value).toBe(2);
  });

  it('counts a repeated update once and equals a recount from the histories', async () => {
    const kept = figuresOf(await stats(coach, `&challenge=${challenge}`));
    for (const idea of answers) {
      const stored = (await app.storage.ideas.get(idea.sluiceId, idea.id))!.value;
      await Promise.all([app.services.stats.count(stored), app.services.stats.count(stored)]);
    }
    expect(figuresOf(await stats(coach, `&challenge=${challenge}`))).toEqual(kept);
    await app.services.stats.rebuild(answers[0]!.sluiceId);
    expect(figuresOf(await stats(coach, `&challenge=${challenge}`))).toEqual(kept);
    expect((await stats(coach)).funnel.submitted.value).toBe(3);
  });

  it("refuses a challenge that is unknown or another sluice's with the same 400, for the figures and the export", async () => {
    await app.storage.sluices.create({
      ...createSluice({ id: 'fjarran-stats', name: 'Fjärran idésluss', tenantIds: [FAR_TENANT], coachIds: [farCoach.id], now: new Date() }),
      municipalities: { [FAR_TENANT]: 'Fjärran' },
    });
    const far = await publish(farCoach, 'Fjärrans utmaning');
    for (const id of [far, 'challenge-00000000000000000000000000000bad']) {
      for (const path of [`/api/stats?period=month&challenge=${id}`, `/api/stats/export.csv?period=month&challenge=${id}`]) {
        const res = await getAs(app, coach, path);
        expect(res.status).toBe(400);
        check('ApiError', res.body);
        expect((res.body as ApiError).problems?.map((p) => p.field)).toEqual(['challenge']);
      }
    }
    expect((await getAs(app, coach, '/api/stats?period=month&challenge=a/b')).status).toBe(400);
  });

  it("exports only the challenge's ideas", async () => {
    const res = await fetch(`${app.url}/api/stats/export.csv?period=month&challenge=${challenge}`, {
      headers: bearer(await tokenFor(app, coach)),
    });
    expect(res.status).toBe(200);
    const rows = parse((await res.text()).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['Titel']).sort()).toEqual(['Fika i trapphuset', 'Promenadgrupp']);
  });
});
