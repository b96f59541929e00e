/** The monthly report card in both languages and at its edges, parsed with the official Adaptive Cards library. */
import type { FunnelStep } from '../../../bot/src/domain/stats/aggregate';
import type { Figure, StatsReport } from '../../../bot/src/domain/stats/report';
import { CARD_IMPLEMENTED_LIMIT, figure, renderMonthlyReportCard } from '../../../bot/src/teams/stats/monthly-report-card';
import { validateCard } from '../../helpers/cards';
import { textOf } from '../coach/fixture';

const f = (value: number, previous: number): Figure => ({ value, previous });
const period = { from: '2026-11', to: '2026-11', firstDay: '2026-11-01', lastDay: '2026-11-30', months: 1 };
const previousPeriod = { from: '2026-10', to: '2026-10', firstDay: '2026-10-01', lastDay: '2026-10-31', months: 1 };
const funnel = (values: Record<FunnelStep, [number, number]>): Record<FunnelStep, Figure> =>
  Object.fromEntries(Object.entries(values).map(([k, [v, p]]) => [k, f(v, p)])) as Record<FunnelStep, Figure>;

function reportOf(implemented: number, closedBy: StatsReport['outcomes']['closedBy'] = []): StatsReport {
  return {
    scope: 'public',
    period,
    previousPeriod,
    filter: {},
    funnel: funnel({
      submitted: [14, 9],
      taken: [8, 8],
      screening: [8, 10],
      testing: [3, 1],
      implementing: [2, 0],
      done: [implemented, 1],
      closed: [closedBy.reduce((n, c) => n + c.count, 0), 2],
    }),
    now: { submitted: 4, screening: 6, testing: 3, implementing: 2, done: 10, closed: 5 },
    series: [],
    outcomes: {
      tested: f(3, 1),
      implemented: f(implemented, 1),
      closed: f(2, 2),
      closedBy,
      implementedIdeas: Array.from({ length: implemented }, (_, i) => ({
        ideaId: `i${i}`,
        number: 40 + i,
        title: `Idé *${i}*`,
        at: '2026-11-20T09:00:00Z',
        tenantId: 't',
        department: 'Tekniska förvaltningen',
        effects: i === 0 ? [{ forWhom: 'Besökare', change: 'Kortare kö', amount: 40000, unit: 'kronor per år' }] : [],
      })),
    },
  };
}

const sluice = { name: 'Lerums idésluss', stageLabels: {} };

it('shows the funnel with changes, the implemented ideas with effects and the closings grouped, in Swedish', () => {
  const card = renderMonthlyReportCard({
    sluice,
    report: reportOf(2, [
      { how: 'declined', from: 'screening', count: 2 },
      { how: 'withdrawn', from: 'submitted', count: 1 },
    ]),
    locale: 'sv',
    link: 'https://teams.microsoft.com/l/entity/app/stats',
  });
  validateCard(card);
  const text = textOf(card);
  expect(text).toContain('Månadsrapport · Lerums idésluss');
  expect(text).toContain('Så gick det i november 2026');
  expect(text).toContain('Inlämnade idéer: 14 (+5)');
  expect(text).toContain('Tagna av en coach: 8 (±0)');
  expect(text).toContain('Nådde Idésamtal: 8 (−2)');
  expect(text).toContain('Nådde Testas: 3 (+2)');
  expect(text).toContain('Nådde Införs: 2 (+2)');
  expect(text).toContain('Nådde Införd: 2 (+1)');
  expect(text).toContain('Avslutade: 3 (+1)');
  expect(text).toContain('Införda idéer och deras effekter (2)');
  expect(text).toContain('#40 Idé \\*0\\*');
  expect(text).toContain('Besökare: Kortare kö (40\u00a0000 kronor per år)');
  expect(text).toContain('Inga effekter registrerade.');
  expect(text).toContain('Avböjda av en coach, från Idésamtal: 2');
  expect(text).toContain('Återtagna av idégivaren, från Inkommen: 1');
  expect(card['actions']).toEqual([
    { type: 'Action.OpenUrl', title: 'Öppna Statistik', url: 'https://teams.microsoft.com/l/entity/app/stats' },
  ]);
});

it('says so when nothing was implemented or closed, in English', () => {
  const card = renderMonthlyReportCard({ sluice, report: reportOf(0), locale: 'en', link: 'http://127.0.0.1:3978/tab/index.html#/stats' });
  validateCard(card);
  const text = textOf(card);
  expect(text).toContain('How November 2026 went');
  expect(text).toContain('Ideas handed in: 14 (+5)');
  expect(text).toContain('Reached First talk: 8 (−2)');
  expect(text).toContain('No idea was implemented in November 2026.');
  expect(text).toContain('No idea was closed in November 2026.');
  expect(text).not.toContain('Implemented ideas and their effects');
});

it(`lists at most ${CARD_IMPLEMENTED_LIMIT} implemented ideas and counts the rest`, () => {
  const card = renderMonthlyReportCard({ sluice, report: reportOf(8), locale: 'sv', link: 'https://example.se/tab/' });
  validateCard(card);
  const text = textOf(card);
  expect(text.match(/^#4\d /gm)).toHaveLength(CARD_IMPLEMENTED_LIMIT);
  expect(text).toContain(`… och ${8 - CARD_IMPLEMENTED_LIMIT} till: se Statistik.`);
});

it('writes a change with its sign', () => {
  expect([figure('sv', f(3, 1)), figure('sv', f(1, 3)), figure('sv', f(2, 2)), figure('en', f(1200, 0))]).toEqual([
    '3 (+2)',
    '1 (−2)',
    '2 (±0)',
    '1,200 (+1,200)',
  ]);
});
