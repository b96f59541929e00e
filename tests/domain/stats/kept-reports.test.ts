/**
 * Reports from the kept figures against the real embedded Cosmos: a report is kept until any month
 * of its sluice changes, and a period with many implemented ideas lists the latest of them.
 */
import type { HistoryEvent, Idea } from '../../../bot/src/domain/idea';
import { recount } from '../../../bot/src/domain/stats/facts';
import { IMPLEMENTED_LIST_LIMIT } from '../../../bot/src/domain/stats/report';
import { StatsService } from '../../../bot/src/domain/stats/stats-service';
import { statsWorkingDays } from '../../../bot/src/domain/stats/working-day-count';
import { startTestApp, type TestApp } from '../../helpers/app';
import { coach, giver, idea, NOW, sluice } from '../fixtures';

const wd = statsWorkingDays();
const silent = { warn: () => undefined, info: () => undefined };
const clock = { now: () => NOW };
const actor = { id: coach.id, name: coach.name };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ STATS_SWEEP_MS: '0' });
});
afterAll(async () => {
  await app.close();
});

const ev = (id: string, kind: HistoryEvent['kind'], at: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  id,
  kind,
  at,
  actor: kind === 'submitted' ? { id: giver.id, name: giver.name } : actor,
  ...extra,
});

/** Idea `n` of a sluice, handed in on `day` and, when `doneOn` is given, taken straight through to Införd that day. */
function ideaOf(sluiceId: string, n: number, day: string, doneOn?: string, department = 'Tekniska förvaltningen'): Idea {
  const history: HistoryEvent[] = [ev(`${n}-0`, 'submitted', `${day}T08:00:00Z`, { to: 'submitted' })];
  if (doneOn) {
    const at = (h: number) => `${doneOn}T${String(8 + h).padStart(2, '0')}:00:00Z`;
    history.push(
      ev(`${n}-1`, 'taken', at(0), { from: 'submitted', to: 'screening' }),
      ev(`${n}-2`, 'advanced', at(1), { from: 'screening', to: 'testing' }),
      ev(`${n}-3`, 'advanced', at(2), { from: 'testing', to: 'implementing' }),
      ev(`${n}-4`, 'advanced', at(3), { from: 'implementing', to: 'done', effects: [{ forWhom: 'Alla', change: `Förändring ${n}` }] }),
    );
  }
  return idea({
    id: `${sluiceId}-${n}`,
    sluiceId,
    number: n,
    department,
    submittedDepartment: department,
    stage: doneOn ? 'done' : 'submitted',
    history,
  });
}

it('keeps a report until a month of its sluice changes, also a month outside the period', async () => {
  const stats = new StatsService(app.storage.ideas, app.storage.stats, clock, wd, silent);
  const s = sluice({ id: 's-kept' });
  await stats.count(ideaOf(s.id, 1, '2026-06-15'));
  const june = { preset: 'custom', from: '2026-06', to: '2026-06' } as const;

  const first = await stats.report(s, 'full', june, {});
  const again = await stats.report(s, 'full', june, {});
  if (!first.ok || !again.ok) throw new Error('report failed');
  expect(again.report).toBe(first.report);
  expect(first.report.funnel.submitted.value).toBe(1);
  // Another scope or filter is another report.
  const pub = await stats.report(s, 'public', june, {});
  expect(pub.ok && pub.report).not.toBe(first.report);

  // An idea handed in in September: outside the period, but it changes how many ideas wait now.
  await stats.count(ideaOf(s.id, 2, '2026-09-01'));
  const after = await stats.report(s, 'full', june, {});
  if (!after.ok) throw new Error('report failed');
  expect(after.report).not.toBe(first.report);
  expect(after.report.now.submitted).toBe(2);
  expect(after.report.funnel.submitted.value).toBe(1);

  // A change inside the period shows at once as well.
  await stats.count(ideaOf(s.id, 3, '2026-06-20'));
  const third = await stats.report(s, 'full', june, {});
  expect(third.ok && third.report.funnel.submitted.value).toBe(2);

  // The sluice's settings the report reads are part of what it is kept for.
  const renamed = await stats.report({ ...s, municipalities: { [s.tenantIds[0]!]: 'Nytt namn' } }, 'full', june, {});
  expect(renamed.ok && renamed.report.details?.municipalities[0]?.name).toBe('Nytt namn');
});

it('lists the latest implemented ideas of a long period and counts them all, filtered ones included', async () => {
  const stats = new StatsService(app.storage.ideas, app.storage.stats, clock, wd, silent);
  const s = sluice({ id: 's-many' });
  const total = IMPLEMENTED_LIST_LIMIT + 40;
  const ideas: Idea[] = [];
  for (let n = 1; n <= total; n++) {
    // Implemented from February to September, a few a day; every tenth in Kulturförvaltningen.
    const day = new Date(Date.UTC(2026, 1, 2) + Math.floor((n - 1) / 1.1) * 86_400_000).toISOString().slice(0, 10);
    ideas.push(ideaOf(s.id, n, '2026-01-12', day, n % 10 === 0 ? 'Kulturförvaltningen' : 'Tekniska förvaltningen'));
  }
  await app.storage.stats.replaceAll(s.id, [...recount(s.id, ideas, wd).values()]);

  const year = await stats.report(s, 'full', { preset: 'custom', from: '2026-01', to: '2026-12' }, {});
  if (!year.ok) throw new Error('report failed');
  expect(year.report.outcomes.implemented.value).toBe(total);
  const listed = year.report.outcomes.implementedIdeas.map((i) => i.number);
  expect(listed).toHaveLength(IMPLEMENTED_LIST_LIMIT);
  // The latest ones, oldest of them first.
  expect(listed).toEqual(Array.from({ length: IMPLEMENTED_LIST_LIMIT }, (_, i) => total - IMPLEMENTED_LIST_LIMIT + 1 + i));

  // Few matching ideas spread over every month: all of them are found.
  const culture = await stats.report(
    s,
    'full',
    { preset: 'custom', from: '2026-01', to: '2026-12' },
    { department: 'Kulturförvaltningen' },
  );
  if (!culture.ok) throw new Error('report failed');
  expect(culture.report.outcomes.implementedIdeas.map((i) => i.number)).toEqual(Array.from({ length: total / 10 }, (_, i) => (i + 1) * 10));
  expect(culture.report.outcomes.implementedIdeas[0]!.effects).toEqual([{ forWhom: 'Alla', change: 'Förändring 10' }]);
});
