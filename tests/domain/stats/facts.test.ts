import type { HistoryEvent, Idea } from '../../../bot/src/domain/idea';
import { countIdeaInMonth, countIdeasInMonth, ideaFacts, monthOf, recount } from '../../../bot/src/domain/stats/facts';
import { percentile } from '../../../bot/src/domain/stats/aggregate';
import { previousOf, resolvePeriod } from '../../../bot/src/domain/stats/period';
import { buildReport } from '../../../bot/src/domain/stats/report';
import { statsWorkingDays } from '../../../bot/src/domain/stats/working-day-count';
import { workingDaysBetween, swedishCalendar } from '../../../bot/src/domain/working-days';
import { coach, giver, idea, sluice, T1, T2 } from '../fixtures';

const wd = statsWorkingDays();
const who = { id: coach.id, name: coach.name };
let n = 0;
const ev = (kind: HistoryEvent['kind'], at: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  id: `e${++n}`,
  kind,
  at,
  actor: kind === 'submitted' || kind === 'withdrawn' || kind === 'rated' ? { id: giver.id, name: giver.name } : who,
  ...extra,
});

/** An idea handed in on Monday 15 June 2026, taken on Thursday 18 June, tested from 22 June, implemented 2 July. */
function implementedIdea(overrides: Partial<Idea> = {}): Idea {
  return idea({
    stage: 'done',
    history: [
      ev('submitted', '2026-06-15T08:00:00Z', { to: 'submitted' }),
      ev('taken', '2026-06-18T08:00:00Z', { from: 'submitted', to: 'screening' }),
      ev('advanced', '2026-06-22T08:00:00Z', { from: 'screening', to: 'testing' }),
      ev('rated', '2026-06-23T08:00:00Z', { rating: 4 }),
      ev('advanced', '2026-06-29T08:00:00Z', { from: 'testing', to: 'implementing' }),
      ev('advanced', '2026-07-02T08:00:00Z', {
        from: 'implementing',
        to: 'done',
        effects: [{ forWhom: 'Besökare', change: 'Kortare köer', amount: 12, unit: 'timmar per vecka' }],
      }),
    ],
    ...overrides,
  });
}

describe('working days in the statistics', () => {
  it('count like the limits do, midsummer and Christmas included, across years', () => {
    const cal = swedishCalendar();
    const pairs: Array<[string, string]> = [
      ['2026-06-15T08:00:00Z', '2026-06-22T08:00:00Z'], // midsommarafton 19 June is not a working day
      ['2026-12-21T08:00:00Z', '2027-01-08T08:00:00Z'], // jul, nyår, trettondagen
      ['2025-03-03T08:00:00Z', '2027-05-03T08:00:00Z'],
      ['2026-06-15T08:00:00Z', '2026-06-15T20:00:00Z'],
    ];
    for (const [a, b] of pairs) expect(wd(a, b)).toBe(workingDaysBetween(new Date(a), new Date(b), cal));
    expect(wd('2026-06-15T08:00:00Z', '2026-06-22T08:00:00Z')).toBe(4);
    expect(wd('2026-06-22T08:00:00Z', '2026-06-15T08:00:00Z')).toBe(0);
  });
});

describe('facts from the history', () => {
  it('count each step once, time in stage in working days, first talk, rating per coach, effects', () => {
    const months = recount('s1', [implementedIdea()], wd);
    const june = months.get('2026-06')!;
    const july = months.get('2026-07')!;
    const cell = june.cells[`${T1}|Tekniska förvaltningen`]!;
    expect(cell.funnel).toEqual({ submitted: 1, taken: 1, screening: 1, testing: 1, implementing: 1 });
    // 15 → 18 June: 16, 17, 18 = 3 working days; 18 → 22 June over midsommarafton and a weekend: 1.
    expect(cell.firstTalk).toEqual({ '3': 1 });
    expect(cell.timeInStage).toEqual({ submitted: { '3': 1 }, screening: { '1': 1 }, testing: { '5': 1 } });
    expect(cell.ratingsByCoach).toEqual({ [coach.id]: { '4': 1 } });
    expect(june.flow[`${T1}|Tekniska förvaltningen`]).toEqual({ implementing: 1 });
    expect(july.cells[`${T1}|Tekniska förvaltningen`]!.funnel).toEqual({ done: 1 });
    expect(july.implemented.map((i) => [i.number, i.effects[0]?.unit])).toEqual([[1, 'timmar per vecka']]);
  });

  it('count an idea where it was handed in, not where a later edit moved it', () => {
    const edited = implementedIdea({ department: 'Kulturförvaltningen', submittedDepartment: 'Tekniska förvaltningen' });
    const june = recount('s1', [edited], wd).get('2026-06')!;
    expect(Object.keys(june.cells)).toEqual([`${T1}|Tekniska förvaltningen`]);
  });

  it('count a reopened idea once per stage and its first closing with how it was closed', () => {
    const reopened = idea({
      stage: 'closed',
      history: [
        ev('submitted', '2026-03-02T08:00:00Z', { to: 'submitted' }),
        ev('taken', '2026-03-03T08:00:00Z', { from: 'submitted', to: 'screening' }),
        ev('declined', '2026-03-04T08:00:00Z', { from: 'screening', to: 'closed', text: 'Finns redan' }),
        ev('reopened', '2026-03-05T08:00:00Z', { from: 'closed', to: 'screening' }),
        ev('withdrawn', '2026-03-06T08:00:00Z', { from: 'screening', to: 'closed' }),
      ],
    });
    const cell = recount('s1', [reopened], wd).get('2026-03')!.cells[`${T1}|Tekniska förvaltningen`]!;
    expect(cell.funnel).toEqual({ submitted: 1, taken: 1, screening: 1, closed: 1 });
    expect(cell.closed).toEqual({ declined: { screening: 1 } });
    expect(cell.timeInStage.screening).toEqual({ '1': 2 });
  });

  it('count an imported idea as handed in at its createdAt and in its stage from the import, then like any other', () => {
    const key = `${T1}|Tekniska förvaltningen`;
    // Handed in (the file's submittedAt) in March 2024, imported into Testas on Monday 7 September 2026.
    const imported = idea({
      stage: 'implementing',
      createdAt: '2024-03-05T12:00:00Z',
      history: [
        ev('imported', '2026-09-07T08:00:00Z', { to: 'testing', text: 'row 2' }),
        ev('advanced', '2026-09-14T08:00:00Z', { from: 'testing', to: 'implementing' }),
      ],
    });
    const months = recount('s1', [imported], wd);
    expect([...months.keys()].sort()).toEqual(['2024-03', '2026-09']);
    expect(months.get('2024-03')!.cells[key]!.funnel).toEqual({ submitted: 1 });
    const september = months.get('2026-09')!;
    // Only the stage it came in is reached: no take, first talk or Idésamtal is known.
    expect(september.cells[key]!.funnel).toEqual({ testing: 1, implementing: 1 });
    expect(september.cells[key]!.firstTalk).toEqual({});
    // Its stay in Testas counts from the import: 7 → 14 September is 5 working days.
    expect(september.cells[key]!.timeInStage).toEqual({ testing: { '5': 1 } });
    const flows = [...months.values()].map((m) => m.flow[key] ?? {});
    expect(flows.reduce((sum, f) => sum + (f.implementing ?? 0), 0)).toBe(1);
    expect(flows.flatMap((f) => Object.entries(f)).filter(([stage, n]) => stage !== 'implementing' && n !== 0)).toEqual([]);

    // Imported without a date, in Inkommen: handed in at the import, and a take is its first talk.
    const waiting = idea({
      id: 'w',
      number: 2,
      stage: 'screening',
      createdAt: '2026-09-07T08:00:00Z',
      history: [
        ev('imported', '2026-09-07T08:00:00Z', { to: 'submitted' }),
        ev('taken', '2026-09-09T08:00:00Z', { from: 'submitted', to: 'screening' }),
      ],
    });
    const cell = recount('s1', [waiting], wd).get('2026-09')!.cells[key]!;
    expect(cell.funnel).toEqual({ submitted: 1, taken: 1, screening: 1 });
    expect(cell.firstTalk).toEqual({ '2': 1 });

    // Imported as implemented: in the implemented ideas of the import's month, without effects.
    const done = idea({
      id: 'd',
      number: 3,
      stage: 'done',
      createdAt: '2025-01-10T12:00:00Z',
      history: [ev('imported', '2026-09-07T08:00:00Z', { to: 'done' })],
    });
    const doneMonths = recount('s1', [done], wd);
    expect(doneMonths.get('2025-01')!.cells[key]!.funnel).toEqual({ submitted: 1 });
    expect(doneMonths.get('2026-09')!.implemented).toMatchObject([{ number: 3, effects: [] }]);
  });

  it('months are Stockholm months', () => {
    expect(monthOf('2026-01-31T23:30:00Z')).toBe('2026-02');
    expect(monthOf('2026-06-30T21:59:00Z')).toBe('2026-06');
    expect(monthOf('2026-06-30T22:00:00Z')).toBe('2026-07');
  });
});

describe('the update rule', () => {
  it('counts each event once however often, and in whatever order, states are delivered', () => {
    const full = implementedIdea();
    const early: Idea = { ...full, history: full.history.slice(0, 3) };
    const facts = (i: Idea) => ideaFacts(i, wd);
    // The newer state first, then the older one, then the newer again: the same as counting it once.
    let june = countIdeaInMonth(undefined, 's1', '2026-06', full, facts(full))!;
    expect(countIdeaInMonth(june, 's1', '2026-06', early, facts(early))).toBeUndefined();
    expect(countIdeaInMonth(june, 's1', '2026-06', full, facts(full))).toBeUndefined();
    expect(june).toEqual(recount('s1', [full], wd).get('2026-06'));
    // The older state first, then the newer one: again the same.
    june = countIdeaInMonth(undefined, 's1', '2026-06', early, facts(early))!;
    june = countIdeaInMonth(june, 's1', '2026-06', full, facts(full))!;
    expect(june).toEqual(recount('s1', [full], wd).get('2026-06'));
  });

  it('counts an imported idea once in the month it was handed in and once in the month of the import', () => {
    const imported = idea({
      stage: 'testing',
      createdAt: '2024-03-05T12:00:00Z',
      history: [ev('imported', '2026-09-07T08:00:00Z', { to: 'testing' })],
    });
    const facts = ideaFacts(imported, wd);
    const expected = recount('s1', [imported], wd);
    for (const month of ['2024-03', '2026-09']) {
      const once = countIdeaInMonth(undefined, 's1', month, imported, facts)!;
      expect(countIdeaInMonth(once, 's1', month, imported, facts)).toBeUndefined();
      expect(once).toEqual(expected.get(month));
    }
    // Many at once (an import) is the same as one by one, and again changes nothing.
    const many = [imported, { ...imported, id: 'i2', number: 2 }, { ...implementedIdea(), id: 'i3', number: 3 }].map((i) => ({
      idea: i,
      facts: ideaFacts(i, wd),
    }));
    const all = recount(
      's1',
      many.map((m) => m.idea),
      wd,
    );
    for (const month of ['2024-03', '2026-06', '2026-09']) {
      const together = countIdeasInMonth(undefined, 's1', month, many)!;
      expect(together).toEqual(all.get(month));
      expect(countIdeasInMonth(together, 's1', month, many)).toBeUndefined();
    }
  });
});

describe('periods', () => {
  const now = new Date('2026-05-20T10:00:00Z');
  it('this month, quarter and year in Stockholm, and the previous period of the same length', () => {
    expect(resolvePeriod({ preset: 'month' }, now)).toEqual({ ok: true, range: { from: '2026-05', to: '2026-05' } });
    expect(resolvePeriod({ preset: 'quarter' }, now)).toEqual({ ok: true, range: { from: '2026-04', to: '2026-06' } });
    expect(resolvePeriod({ preset: 'year' }, now)).toEqual({ ok: true, range: { from: '2026-01', to: '2026-12' } });
    expect(previousOf({ from: '2026-01', to: '2026-03' })).toEqual({ from: '2025-10', to: '2025-12' });
  });
  it('refuse an end before the start and more than ten years, naming the field', () => {
    expect(resolvePeriod({ preset: 'custom', from: '2026-05', to: '2026-04' }, now)).toEqual({
      ok: false,
      problem: { field: 'from', message: 'must not be after to' },
    });
    expect(resolvePeriod({ preset: 'custom', from: '2010-01', to: '2020-01' }, now)).toMatchObject({ ok: false, problem: { field: 'to' } });
    expect(resolvePeriod({ preset: 'custom', from: '2010-01', to: '2019-12' }, now)).toMatchObject({ ok: true });
    expect(resolvePeriod({ preset: 'custom', to: '2019-12' }, now)).toMatchObject({ ok: false, problem: { field: 'from' } });
  });
});

describe('the report', () => {
  const ideas = [
    implementedIdea({ id: 'a', number: 1 }),
    implementedIdea({ id: 'b', number: 2, tenantId: T2, department: 'Skolförvaltningen', submittedDepartment: 'Skolförvaltningen' }),
  ];
  const months = recount('s1', ideas, wd);
  const input = {
    sluice: {
      ...sluice({ tenantIds: [T1, T2], municipalities: { [T1]: 'Lerum', [T2]: 'Alingsås' } }),
      municipalityEmployees: { [T2]: 4000 },
    },
    filter: {},
    range: { from: '2026-06', to: '2026-07' },
    previousRange: { from: '2026-04', to: '2026-05' },
    months: [...months.values()],
    previousMonths: [],
    implemented: [...months.values()].flatMap((m) => m.implemented),
    flows: [...months.values()].map((m) => m.flow),
    firstTalkLimitDays: 2,
  };

  it('adds up months, compares with the previous period and gives medians, limits and per 1 000 employees', () => {
    const report = buildReport({ ...input, scope: 'full' });
    expect(report.funnel.done).toEqual({ value: 2, previous: 0 });
    expect(report.now.done).toBe(2);
    expect(report.series.map((s) => s.funnel.submitted)).toEqual([2, 0]);
    expect(report.details!.firstTalk).toMatchObject({ median: 3, count: 2, withinLimit: 0, share: 0, limitDays: 2 });
    expect(report.details!.satisfaction).toMatchObject({ mean: 4, count: 2, distribution: [0, 0, 0, 2, 0] });
    expect(report.details!.municipalities.find((m) => m.tenantId === T2)).toMatchObject({
      name: 'Alingsås',
      per1000: { submitted: 0.25, implemented: 0.25 },
    });
    expect(report.outcomes.implementedIdeas).toHaveLength(2);
  });

  it("names a sluice's only municipality after the sluice when the admin has not named it, and never by its tenant id then", () => {
    const alone = buildReport({
      ...input,
      scope: 'full',
      sluice: { ...input.sluice, municipalities: {}, name: 'Idéslussen Ale', tenantIds: [T2] },
    });
    expect(alone.details!.municipalities.find((m) => m.tenantId === T2)?.name).toBe('Idéslussen Ale');
    const shared = buildReport({
      ...input,
      scope: 'full',
      sluice: { ...input.sluice, municipalities: {}, name: 'Gemensam', tenantIds: [T1, T2] },
    });
    expect(shared.details!.municipalities.find((m) => m.tenantId === T2)?.name).toBe(T2);
  });

  it('filters by municipality and department as recorded, and leaves details out of the public summary', () => {
    const filtered = buildReport({ ...input, scope: 'full', filter: { tenantId: T2 } });
    expect(filtered.funnel.submitted.value).toBe(1);
    expect(filtered.outcomes.implementedIdeas.map((i) => i.number)).toEqual([2]);
    expect(buildReport({ ...input, scope: 'full', filter: { department: 'Ingen' } }).funnel.submitted.value).toBe(0);
    const pub = buildReport({ ...input, scope: 'public' });
    expect(pub.details).toBeUndefined();
    expect(JSON.stringify(pub)).not.toContain(giver.name);
    expect(JSON.stringify(pub)).not.toContain(coach.id);
  });

  it('percentiles are nearest-rank', () => {
    expect(percentile({ '1': 5, '2': 4, '10': 1 }, 0.5)).toBe(1);
    expect(percentile({ '1': 5, '2': 4, '10': 1 }, 0.9)).toBe(2);
    expect(percentile({ '1': 5, '2': 4, '10': 2 }, 0.9)).toBe(10);
    expect(percentile({}, 0.5)).toBeUndefined();
  });
});
