/**
 * The tab's side of "no idea gets stuck": a coach's absence switch (`setAbsence`, the same domain
 * function as "borta till …" in chat) and "Försenad" on board cards and in the idea panel, against
 * the embedded Cosmos server with the app's one clock moved.
 */
import type { AbsenceResponse, BoardResponse, IdeaPage, IdeaResponse, TabConfig } from '../../bot/src/api/contracts';
import { startTestApp, type TestApp } from '../helpers/app';
import { COACH, COACH_2, GIVER, TENANT } from '../../bot/src/local/activities';
import { movableClock } from '../teams/reminders/clock';
import { bearer, getAs, schemaChecker, tokenFor, type Who } from './helpers';

const coach: Who = { ...COACH, tenantId: TENANT };
const giver: Who = { ...GIVER, tenantId: TENANT };
// Monday 23 November 2026, 10:00 in Stockholm.
const clock = movableClock('2026-11-23');
let app: TestApp;
let check: (schema: string, body: unknown) => void;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  check = await schemaChecker(app);
});
afterAll(async () => {
  await app.close();
});

async function setAbsence(who: Who, until: string | null) {
  const res = await fetch(`${app.url}/api/me/absence`, {
    method: 'PUT',
    headers: { ...bearer(await tokenFor(app, who)), 'content-type': 'application/json' },
    body: JSON.stringify({ until }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** The giver hands in an idea through the service, as capture does. */
async function submit(title: string, need: string) {
  const result = await app.services.ideas.submit({
    giver: { id: giver.id, tenantId: TENANT, name: giver.name, locale: 'sv' },
    text: { title, need, idea: 'Ett förslag som löser det.', beneficiaries: ['residents'], department: 'Utbildningsförvaltningen' },
    source: 'chat',
    idempotencyKey: title,
  });
  if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
  return result.idea;
}

describe('the absence switch', () => {
  it('sets and ends a coach’s absence; the configuration shows it and who covers', async () => {
    clock.set('2026-12-01');
    const set = await setAbsence(coach, '2026-12-24');
    expect(set.status).toBe(200);
    check('AbsenceResponse', set.body);
    // The seeded sluice knows its coaches by id only until they write to the bot.
    expect(set.body).toEqual({ awayUntil: '2026-12-24', backup: { id: COACH_2.id } } satisfies AbsenceResponse);
    const config = (await getAs(app, coach, '/api/config')).body as TabConfig;
    check('TabConfig', config);
    expect(config.caller.awayUntil).toBe('2026-12-24');
    expect(config.caller.coveredBy).toEqual({ id: COACH_2.id });

    clock.set('2026-12-24');
    const back = ((await getAs(app, coach, '/api/config')).body as TabConfig).caller;
    expect(back.awayUntil).toBeUndefined();
    expect(back.coveredBy).toBeUndefined();
    clock.set('2026-12-01');
    expect(await setAbsence(coach, null)).toEqual({ status: 200, body: {} });
    expect((await app.storage.sluices.get('default'))!.value.coaches.find((c) => c.id === COACH.id)?.awayUntil).toBeUndefined();
  });

  it.each([
    ['not-a-date', 'is not a date', 'invalid'],
    ['2026-11-30', 'must be after today', 'tooEarly'],
    ['2028-06-01', 'at most a year ahead', 'tooLate'],
  ])('refuses %s with a 400 naming the field and the kind of problem', async (until, message, problem) => {
    clock.set('2026-12-01');
    const res = await setAbsence(coach, until);
    expect(res.status).toBe(400);
    check('ApiError', res.body);
    expect(res.body).toMatchObject({
      problems: [expect.objectContaining({ field: 'until', problem, message: expect.stringContaining(message) })],
    });
  });

  it('is for coaches only', async () => {
    expect((await setAbsence(giver, '2026-12-24')).status).toBe(403);
  });
});

describe('Försenad', () => {
  it('shows on the board card and in the panel once an idea is past its stage’s limit, with how long', async () => {
    clock.set('2026-11-23');
    const idea = await submit('Skuggtak på skolgården', 'Barnen blir för varma på rasterna och söker skugga som inte finns.');
    const card = async () =>
      ((await getAs(app, coach, '/api/board')).body as BoardResponse).columns.submitted.items.find((c) => c.id === idea.id);
    const panel = async () => ((await getAs(app, coach, `/api/ideas/${idea.id}`)).body as IdeaResponse).idea;

    // Monday 30 November: 5 working days, within the limit.
    clock.set('2026-11-30');
    expect((await card())?.overdue).toBeUndefined();
    expect((await panel()).overdue).toBeUndefined();

    // Thursday 3 December: 8 working days of 5.
    clock.set('2026-12-03');
    const board = (await getAs(app, coach, '/api/board')).body;
    check('BoardResponse', board);
    expect((await card())?.overdue).toEqual({ waited: 8, limit: 5, since: idea.createdAt });
    const detail = await panel();
    check('IdeaDetail', detail);
    expect(detail.overdue).toEqual({ waited: 8, limit: 5, since: idea.createdAt });
  });
});

describe('who covers', () => {
  it('is named on the giver’s own idea, in "Mina idéer" and the panel, while its coach is away, and not after', async () => {
    clock.set('2026-12-01');
    const idea = await submit('Bänkar längs promenadstråket', 'Äldre orkar inte gå hela slingan utan att vila.');
    const owner: Who = { ...(idea.coach?.id === COACH.id ? COACH : COACH_2), tenantId: TENANT };
    const other: Who = { ...(owner.id === COACH.id ? COACH_2 : COACH), tenantId: TENANT };
    await app.services.ideas.learnCoachName(other);
    const mine = async () => {
      const res = await getAs(app, giver, '/api/ideas/mine');
      check('IdeaPage', res.body);
      return (res.body as IdeaPage).items.find((c) => c.id === idea.id);
    };
    const panel = async () => ((await getAs(app, giver, `/api/ideas/${idea.id}`)).body as IdeaResponse).idea;
    expect((await mine())?.cover).toBeUndefined();

    expect((await setAbsence(owner, '2027-01-10')).status).toBe(200);
    const covering = { id: other.id, name: other.name, until: '2027-01-10' };
    expect((await mine())?.cover).toEqual(covering);
    const detail = await panel();
    check('IdeaDetail', detail);
    expect(detail.cover).toEqual(covering);

    // The absence ends by itself on the day the coach is back.
    clock.set('2027-01-10');
    expect((await mine())?.cover).toBeUndefined();
    clock.set('2026-12-01');
    expect((await setAbsence(owner, null)).status).toBe(200);
    expect((await panel()).cover).toBeUndefined();
  });
});
