/**
 * The kept statistics equal a full recount from the histories after a random sequence of
 * transitions, concurrent ones (on the same idea and on different ideas) included, with repeated
 * deliveries, and after updates lost to a "crash" have been swept up. Real embedded Cosmos.
 */
import { CosmosImportStore } from '../../../bot/src/adapters/cosmos/import-store';
import { CosmosIdeaChangeFeed } from '../../../bot/src/adapters/cosmos/outbox-repository';
import { countedImports } from '../../../bot/src/app';
import { IdeaImportService, type ImportStore } from '../../../bot/src/domain/admin/import-service';
import type { Idea, Person } from '../../../bot/src/domain/idea';
import { IdeaService } from '../../../bot/src/domain/idea-service';
import type { Clock } from '../../../bot/src/domain/ports';
import type { MonthAggregate } from '../../../bot/src/domain/stats/aggregate';
import { recount } from '../../../bot/src/domain/stats/facts';
import { StatsService } from '../../../bot/src/domain/stats/stats-service';
import { statsWorkingDays } from '../../../bot/src/domain/stats/working-day-count';
import { coachActionsFor, type IdeaAction } from '../../../bot/src/domain/transitions';
import { startTestApp, type TestApp } from '../../helpers/app';
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';

const SECOND_TENANT = '77777777-7777-4777-8777-777777777777';
const DEPARTMENTS = ['Tekniska förvaltningen', 'Skolförvaltningen', 'Kultur- och fritidsförvaltningen'];
const silent = { warn: () => undefined, info: () => undefined };
const wd = statsWorkingDays();

/** A small seeded random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let app: TestApp;
let now = Date.parse('2026-01-05T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };

beforeAll(async () => {
  app = await startTestApp({ STATS_SWEEP_MS: '0' });
  const sluice = (await app.storage.sluices.get('default'))!;
  await app.storage.sluices.replace({ ...sluice.value, tenantIds: [TENANT, SECOND_TENANT] }, sluice.etag);
});
afterAll(async () => {
  await app.close();
});

const coaches: Person[] = [
  { ...COACH, tenantId: TENANT },
  { ...COACH_2, tenantId: TENANT },
];

async function kept(): Promise<Map<string, MonthAggregate>> {
  const { resources } = await app.storage.containers.stats.items
    .query<MonthAggregate & { type: string }>({ query: "SELECT * FROM c WHERE c.sluiceId = 'default' AND c.type = 'month'" })
    .fetchAll();
  return new Map(
    resources.map((r) => [
      r.month,
      { id: r.id, sluiceId: r.sluiceId, month: r.month, cells: r.cells, flow: r.flow, implemented: r.implemented, applied: r.applied },
    ]),
  );
}

/** Imports `rows` ideas (handed in late in 2025, in several stages) through `store`; returns their ids. */
async function importIdeas(store: ImportStore, prefix: string, rows: number): Promise<string[]> {
  const importer: Person = { ...coaches[0]!, name: 'Admin' };
  const stages = ['', 'Idésamtal', 'testing', 'Införs', 'Införd', 'Avslutad'];
  const lines = Array.from({ length: rows }, (_, i) =>
    [
      `${prefix} ${i}`,
      'Ett gammalt behov',
      'En gammal idé',
      DEPARTMENTS[i % 3],
      '',
      `Person ${i}`,
      i % 4 === 3 ? '' : `2025-1${i % 3}-0${1 + i}`,
      stages[i % stages.length],
    ].join(';'),
  );
  const file = `title;need;idea;department;municipality;giverName;submittedAt;stage\n${lines.join('\n')}\n`;
  const service = new IdeaImportService(app.storage.sluices, store, app.storage.audit, clock);
  const outcome = await service.import('default', importer, new TextEncoder().encode(file));
  if (!outcome?.ok) throw new Error(`import failed: ${JSON.stringify(outcome?.preview.problems)}`);
  expect(outcome.created).toBe(rows);
  const ids: string[] = [];
  for await (const idea of app.storage.ideas.all('default')) if (idea.title.startsWith(prefix)) ids.push(idea.id);
  return ids;
}

async function allIdeas(): Promise<Idea[]> {
  const out: Idea[] = [];
  for await (const idea of app.storage.ideas.all('default')) out.push(idea);
  return out;
}

function pickAction(idea: Idea, random: () => number): { actor: Person; action: IdeaAction } | undefined {
  const giver: Person = { id: idea.giver.id, tenantId: idea.giver.tenantId, name: idea.giver.name };
  const coach = coaches[Math.floor(random() * coaches.length)]!;
  const options = coachActionsFor(idea, { coaches }).map((type): { actor: Person; action: IdeaAction } => {
    switch (type) {
      case 'take':
        return { actor: coach, action: { type } };
      case 'advance':
        return { actor: coach, action: { type } };
      case 'decline':
        return { actor: coach, action: { type, reason: 'Liknande idé finns redan' } };
      case 'askInfo':
        return { actor: coach, action: { type, question: 'Hur ofta händer det?' } };
      case 'reassign':
        return { actor: coach, action: { type, coachId: coaches.find((c) => c.id !== coach.id)!.id } };
      case 'reopen':
      default:
        return { actor: coach, action: { type: 'reopen' } };
    }
  });
  // Moving on is what usually happens; weigh it up so ideas get through the whole funnel.
  const advance = options.filter((o) => o.action.type === 'advance' || o.action.type === 'take');
  options.push(...advance, ...advance, ...advance);
  if (idea.needsInfo) options.push({ actor: giver, action: { type: 'answerInfo', answer: 'Varje kväll' } });
  options.push({ actor: giver, action: { type: 'rate', rating: 1 + Math.floor(random() * 5) } });
  if (random() < 0.05) options.push({ actor: giver, action: { type: 'withdraw' } });
  return options[Math.floor(random() * options.length)];
}

it('after a random sequence of transitions, concurrent ones included, the kept figures equal a full recount', async () => {
  const random = rng(20261201);
  const ideas = new IdeaService(app.storage.ideas, app.storage.sluices, clock);
  const stats = new StatsService(app.storage.ideas, app.storage.stats, clock, wd, silent);
  ideas.listen(stats.listener());

  const ids: string[] = [];
  for (let i = 0; i < 14; i++) {
    const tenantId = i % 3 === 0 ? SECOND_TENANT : TENANT;
    const result = await ideas.submit({
      giver: { id: `${GIVER.id.slice(0, -2)}${String(i).padStart(2, '0')}`, tenantId, name: `Givare ${i}`, locale: 'sv' },
      text: { title: `Idé nummer ${i}`, need: 'Ett behov', idea: 'En idé', beneficiaries: ['staff'], department: DEPARTMENTS[i % 3]! },
      source: 'chat',
      idempotencyKey: `k${i}`,
    });
    if (!result.ok) throw new Error('submit failed');
    ids.push(result.idea.id);
    now += Math.floor(random() * 2) * 86_400_000;
  }
  // Imported ideas are ordinary ideas: counted as they are stored, then moved like the others.
  ids.push(
    ...(await importIdeas(
      countedImports(new CosmosImportStore(app.storage.containers.ideas), app.services.stageCounts, stats),
      'Importerad',
      7,
    )),
  );
  expect(Object.fromEntries(await kept())).toEqual(Object.fromEntries(recount('default', await allIdeas(), wd)));

  for (let round = 0; round < 40; round++) {
    // Several changes at once: different ideas, and sometimes the same idea twice.
    const batch = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ids[Math.floor(random() * ids.length)]!);
    await Promise.all(
      batch.map(async (id) => {
        const current = (await app.storage.ideas.get('default', id))!.value;
        const pick = pickAction(current, random);
        if (pick) await ideas.act('default', id, pick.actor, pick.action);
      }),
    );
    // Time goes on: hours to a couple of weeks, so stays cross weekends, holidays and months.
    now += Math.floor(random() * 12 * 86_400_000);
  }
  // Repeated deliveries of states already counted change nothing.
  const all = await allIdeas();
  await Promise.all(all.slice(0, 6).flatMap((idea) => [stats.count(idea), stats.count(idea)]));

  const expected = recount('default', await allIdeas(), wd);
  expect(expected.size).toBeGreaterThan(3);
  // The imported ideas count in the months they were handed in.
  expect(['2025-10', '2025-11', '2025-12'].filter((m) => expected.has(m))).toEqual(['2025-10', '2025-11', '2025-12']);
  const events = (await allIdeas()).reduce((n, i) => n + i.history.length, 0);
  expect(events).toBeGreaterThan(60);
  expect(Object.fromEntries(await kept())).toEqual(Object.fromEntries(expected));
}, 120_000);

it('40 submissions at the same moment are each counted once, as a recount finds them', async () => {
  const ideas = new IdeaService(app.storage.ideas, app.storage.sluices, clock);
  const stats = new StatsService(app.storage.ideas, app.storage.stats, clock, wd, silent);
  ideas.listen(stats.listener());
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      ideas.submit({
        giver: { id: `${GIVER.id.slice(0, -2)}${String(60 + i).padStart(2, '0')}`, tenantId: TENANT, name: `Samtidig ${i}`, locale: 'sv' },
        text: { title: `Samtidig idé ${i}`, need: 'Ett behov', idea: 'En idé', beneficiaries: ['staff'], department: DEPARTMENTS[i % 3]! },
        source: 'chat',
        idempotencyKey: `burst-${i}`,
      }),
    ),
  );
  expect(results.every((r) => r.ok)).toBe(true);
  // Each submission's promise resolved only once its count was written: nothing waits for a sweep.
  expect(Object.fromEntries(await kept())).toEqual(Object.fromEntries(recount('default', await allIdeas(), wd)));
});

it('updates lost between the idea write and the aggregate write are counted by the sweep, and rebuild gives the same', async () => {
  const stats = new StatsService(app.storage.ideas, app.storage.stats, clock, wd, silent);
  // An IdeaService without the statistics listener: as if the server died after each idea write.
  const crashing = new IdeaService(app.storage.ideas, app.storage.sluices, clock);
  const before = now;
  const all = await allIdeas();
  let changed = 0;
  for (const idea of all) {
    const types = coachActionsFor(idea, { coaches });
    const type = types.includes('take') ? 'take' : types.includes('advance') ? 'advance' : undefined;
    if (!type) continue;
    const result = await crashing.act('default', idea.id, coaches[0]!, { type });
    if (result.ok) changed++;
  }
  expect(changed).toBeGreaterThan(0);
  // An import whose statistics update was lost the same way.
  await importIdeas(new CosmosImportStore(app.storage.containers.ideas), 'Förlorad', 3);
  const expected = recount('default', await allIdeas(), wd);
  expect(Object.fromEntries(await kept())).not.toEqual(Object.fromEntries(expected));

  await stats.sweep(new CosmosIdeaChangeFeed(app.storage.containers.ideas), before);
  expect(Object.fromEntries(await kept())).toEqual(Object.fromEntries(expected));

  await app.storage.stats.replaceAll('default', []);
  expect((await kept()).size).toBe(0);
  await stats.rebuild('default');
  expect(Object.fromEntries(await kept())).toEqual(Object.fromEntries(expected));
}, 120_000);
