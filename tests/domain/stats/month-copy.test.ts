/**
 * An instance updates a month of the statistics from the copy it wrote last, checked by the
 * conditional write, instead of reading the month before every update; a copy another instance
 * made stale, or one that finds nothing to count, is followed by a read, and no count is lost or
 * made twice. Real embedded Cosmos.
 */
import type { Idea } from '../../../bot/src/domain/idea';
import { IdeaService } from '../../../bot/src/domain/idea-service';
import type { Clock } from '../../../bot/src/domain/ports';
import type { MonthAggregate } from '../../../bot/src/domain/stats/aggregate';
import { recount } from '../../../bot/src/domain/stats/facts';
import type { StatsRepository } from '../../../bot/src/domain/stats/ports';
import { StatsService } from '../../../bot/src/domain/stats/stats-service';
import { statsWorkingDays } from '../../../bot/src/domain/stats/working-day-count';
import { GIVER, TENANT } from '../../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../../helpers/app';

const silent = { warn: () => undefined, info: () => undefined };
const wd = statsWorkingDays();
const clock: Clock = { now: () => new Date('2026-03-10T09:00:00Z') };

let app: TestApp;
let ideas: IdeaService;
let made = 0;

beforeAll(async () => {
  app = await startTestApp({ STATS_SWEEP_MS: '0' });
  // No statistics listener: each test counts its ideas itself, through the instances it makes.
  ideas = new IdeaService(app.storage.ideas, app.storage.sluices, clock);
});
afterAll(async () => {
  await app.close();
});

/** A statistics instance whose month reads and writes are counted. */
function instance(): { stats: StatsService; reads: () => number; writes: () => number } {
  const repository = app.storage.stats;
  let reads = 0;
  let writes = 0;
  const counted: StatsRepository = Object.assign(Object.create(repository) as StatsRepository, {
    getMonth: (sluiceId: string, month: string) => (reads++, repository.getMonth(sluiceId, month)),
    replaceMonth: (month: MonthAggregate, etag: string) => (writes++, repository.replaceMonth(month, etag)),
    createMonth: (month: MonthAggregate) => (writes++, repository.createMonth(month)),
  });
  return { stats: new StatsService(app.storage.ideas, counted, clock, wd, silent), reads: () => reads, writes: () => writes };
}

async function submitted(): Promise<Idea> {
  const i = made++;
  const result = await ideas.submit({
    giver: { id: `${GIVER.id.slice(0, -2)}${String(i).padStart(2, '0')}`, tenantId: TENANT, name: `Givare ${i}`, locale: 'sv' },
    text: { title: `Idé nummer ${i}`, need: 'Ett behov', idea: 'En idé', beneficiaries: ['staff'], department: 'Tekniska förvaltningen' },
    source: 'chat',
    idempotencyKey: `copy-${i}`,
  });
  if (!result.ok) throw new Error('submit failed');
  return result.idea;
}

/** The kept months equal a full recount of every stored idea. */
async function expectKeptEqualsRecount(): Promise<void> {
  const all: Idea[] = [];
  for await (const idea of app.storage.ideas.all('default')) all.push(idea);
  const kept = new Map<string, MonthAggregate>();
  for (const month of recount('default', all, wd).keys()) {
    const stored = await app.storage.stats.getMonth('default', month);
    if (stored) kept.set(month, stored.value);
  }
  expect(all.length).toBe(made);
  expect(Object.fromEntries(kept)).toEqual(Object.fromEntries(recount('default', all, wd)));
}

it('counts ideas one after another with a single read of the month, the first', async () => {
  const a = instance();
  for (let i = 0; i < 5; i++) await a.stats.count(await submitted());
  expect(a.reads()).toBe(1);
  expect(a.writes()).toBe(5);
  await expectKeptEqualsRecount();
});

it('reads the month again when another instance wrote it since, and loses no count', async () => {
  const a = instance();
  const b = instance();
  await a.stats.count(await submitted());
  await b.stats.count(await submitted());
  expect([a.reads(), b.reads()]).toEqual([1, 1]);
  // a's copy is older than b's write: its conditional write loses, it reads, and counts on that.
  await a.stats.count(await submitted());
  expect(a.reads()).toBe(2);
  expect(a.writes()).toBe(3);
  await expectKeptEqualsRecount();
});

it("reads before it takes its copy's word that an idea is counted already, and writes nothing", async () => {
  const a = instance();
  const idea = await submitted();
  await a.stats.count(idea);
  await a.stats.count(idea);
  expect(a.reads()).toBe(2);
  expect(a.writes()).toBe(1);
  await expectKeptEqualsRecount();
});
