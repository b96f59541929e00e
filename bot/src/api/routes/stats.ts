import type { Response } from 'restify';
import { stringify } from 'csv-stringify';
import type { ChallengeService } from '../../domain/challenges';
import { effectLine } from '../../domain/effects';
import type { Effect } from '../../domain/idea';
import { stageLabel, type Sluice } from '../../domain/sluice';
import { STAGES, type Locale } from '../../domain/stages';
import { TIMED_STAGES } from '../../domain/stats/aggregate';
import type { PeriodProblem, PeriodRequest } from '../../domain/stats/period';
import type { StatsFilter } from '../../domain/stats/report';
import type { ExportRow, StatsService } from '../../domain/stats/stats-service';
import { ApiProblem, sendJson } from '../http';
import { errors, json } from '../openapi';
import { memberRoute, type ApiRoute } from '../route';
import { statsRef } from '../stats-openapi';
import type { ExportLogEntry } from '../stats-contracts';
import { exportQuery, statsQuery } from '../stats-schemas';

export interface StatsRouteDeps {
  readonly stats: StatsService;
  /** Finds a challenge of a sluice, to check the `challenge` filter; without it that filter is refused. */
  readonly challenges?: Pick<ChallengeService, 'get'>;
}

const csvAnswer = { description: 'The CSV file.', content: { 'text/csv': { schema: { type: 'string' as const } } } };

/**
 * The statistics: the figures of a period (`getStats`), the CSV export of its ideas
 * (`exportIdeasCsv`) and the export log. Coaches and admins get everything; everyone else in the
 * sluice gets the public summary (the funnel and outcomes, no names) and a 403 for the rest.
 */
export function statsRoutes(deps: StatsRouteDeps): ApiRoute[] {
  return [
    memberRoute({
      method: 'get',
      path: '/api/stats',
      operationId: 'getStats',
      summary:
        'The figures of a period (this month, quarter, year or custom months) against the previous period of the same length. Coaches and admins get `details`; everyone else the public summary (scope=public).',
      request: { query: statsQuery },
      responses: { 200: json(statsRef('StatsResponse'), 'The figures.'), ...errors(400) },
      handle: async ({ res, query: q, viewer }) => {
        const scope = q.scope ?? (viewer.isCoach ? 'full' : 'public');
        if (scope === 'full' && !viewer.isCoach) {
          throw new ApiProblem(403, 'Forbidden', 'Only coaches and admins of the sluice see these figures; ask for scope=public.');
        }
        const filter = await checkedFilter(viewer.sluice, q, deps);
        const result = await deps.stats.report(viewer.sluice, scope, periodOf(q), filter);
        if (!result.ok) throw periodProblem(result.problem);
        sendJson(res, 200, result.report);
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/stats/export.csv',
      operationId: 'exportIdeasCsv',
      summary:
        'The ideas of a period as CSV for Excel (UTF-8 with BOM, `;`, ISO dates). Coaches and admins only; every export is logged with who and when.',
      request: { query: exportQuery },
      responses: { 200: csvAnswer, ...errors(400) },
      handle: async ({ res, query: q, viewer }) => {
        if (!viewer.isCoach) throw new ApiProblem(403, 'Forbidden', 'Only coaches and admins of the sluice may export ideas.');
        const filter = await checkedFilter(viewer.sluice, q, deps);
        const resolved = deps.stats.resolve(periodOf(q));
        if (!resolved.ok) throw periodProblem(resolved.problem);
        const { rows } = await deps.stats.exportRows(viewer.sluice, resolved.range, filter, viewer.person);
        await sendCsv(res, viewer.sluice, rows, q.locale, `ideer-${resolved.range.from}-${resolved.range.to}.csv`);
      },
    }),

    memberRoute({
      method: 'get',
      path: '/api/stats/exports',
      operationId: 'listStatsExports',
      summary: 'Who exported ideas, and when (newest first). Coaches and admins only.',
      responses: { 200: json(statsRef('ExportLog'), 'The export log.') },
      handle: async ({ res, viewer }) => {
        if (!viewer.isCoach) throw new ApiProblem(403, 'Forbidden', 'Only coaches and admins of the sluice see the export log.');
        const log = await deps.stats.exportLog(viewer.sluice.id);
        const body: ExportLogEntry[] = log.map((e) => ({ at: e.at, by: { id: e.by.id, name: e.by.name }, period: e.period, rows: e.rows }));
        sendJson(res, 200, { exports: body });
      },
    }),
  ];
}

function periodOf(q: { period: PeriodRequest['preset']; from?: string; to?: string }): PeriodRequest {
  if (q.period !== 'custom' && (q.from !== undefined || q.to !== undefined)) {
    throw new ApiProblem(400, 'BadRequest', 'Invalid query: from and to need period=custom', {
      problems: [{ field: q.from !== undefined ? 'from' : 'to', problem: 'invalid', message: 'needs period=custom' }],
    });
  }
  return { preset: q.period, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
}

function periodProblem(problem: PeriodProblem): ApiProblem {
  return new ApiProblem(400, 'BadRequest', `Invalid query: ${problem.field} ${problem.message}`, {
    problems: [{ field: problem.field, problem: 'invalid', message: problem.message }],
  });
}

/**
 * The filter, refusing a municipality that is not a member of the viewer's sluice and a challenge
 * that is not one of its challenges (an unknown id and another sluice's get the same answer).
 */
async function checkedFilter(
  sluice: Sluice,
  q: { municipality?: string; department?: string; challenge?: string },
  deps: Pick<StatsRouteDeps, 'challenges'>,
): Promise<StatsFilter> {
  if (q.municipality !== undefined && !sluice.tenantIds.includes(q.municipality)) {
    throw new ApiProblem(400, 'BadRequest', 'Invalid query: municipality is not a member of your sluice', {
      problems: [{ field: 'municipality', problem: 'invalid', message: 'is not a member of your sluice' }],
    });
  }
  if (q.challenge !== undefined && !(await deps.challenges?.get(sluice.id, q.challenge))) {
    throw new ApiProblem(400, 'BadRequest', 'Invalid query: challenge is not a challenge of your sluice', {
      problems: [{ field: 'challenge', problem: 'invalid', message: 'is not a challenge of your sluice' }],
    });
  }
  return {
    ...(q.municipality ? { tenantId: q.municipality } : {}),
    ...(q.department ? { department: q.department } : {}),
    ...(q.challenge ? { challengeId: q.challenge } : {}),
  };
}

const HEADERS: Record<Locale, Record<string, string>> = {
  sv: {
    number: 'Nummer',
    title: 'Titel',
    need: 'Behov',
    idea: 'Idé',
    department: 'Förvaltning',
    municipality: 'Kommun',
    giver: 'Idégivare',
    coach: 'Idécoach',
    stage: 'Steg',
    date: 'datum',
    days: 'arbetsdagar',
    satisfaction: 'Nöjdhet (1–5)',
    effects: 'Effekter',
  },
  en: {
    number: 'Number',
    title: 'Title',
    need: 'Need',
    idea: 'Idea',
    department: 'Department',
    municipality: 'Municipality',
    giver: 'Idea giver',
    coach: 'Coach',
    stage: 'Stage',
    date: 'date',
    days: 'working days',
    satisfaction: 'Satisfaction (1–5)',
    effects: 'Effects',
  },
};

function effectText(effects: readonly Effect[], locale: Locale): string {
  return effects.map((e) => effectLine(e, locale)).join(' | ');
}

/**
 * Writes the rows as CSV that Swedish Excel opens as it should: UTF-8 with a byte-order mark,
 * `;` between fields, ISO dates, decimal comma in Swedish.
 */
async function sendCsv(res: Response, sluice: Sluice, rows: readonly ExportRow[], locale: Locale, filename: string): Promise<void> {
  const h = HEADERS[locale];
  const decimal = (n: number | undefined): string => (n === undefined ? '' : locale === 'sv' ? String(n).replace('.', ',') : String(n));
  const columns = [
    h.number,
    h.title,
    h.need,
    h.idea,
    h.department,
    h.municipality,
    h.giver,
    h.coach,
    h.stage,
    ...STAGES.map((s) => `${stageLabel(sluice, s, locale)} (${h.date})`),
    ...TIMED_STAGES.map((s) => `${stageLabel(sluice, s, locale)} (${h.days})`),
    h.satisfaction,
    h.effects,
  ];
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  res.writeHead(200);
  // escape_formulas: a cell a spreadsheet would run as a formula gets a leading apostrophe.
  const csv = stringify({
    delimiter: ';',
    bom: true,
    header: true,
    columns: columns.map((header, i) => ({ key: String(i), header })),
    escape_formulas: true,
  });
  const done = new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    res.on('error', reject);
    res.on('finish', () => resolve());
  });
  csv.pipe(res);
  for (const r of rows) {
    const record: string[] = [
      String(r.number),
      r.title,
      r.need,
      r.idea,
      r.department,
      r.municipality,
      r.giver,
      r.coach,
      stageLabel(sluice, r.stage, locale),
      ...STAGES.map((s) => r.reached[s] ?? ''),
      ...TIMED_STAGES.map((s) => (r.workingDays[s] === undefined ? '' : String(r.workingDays[s]))),
      decimal(r.satisfaction),
      effectText(r.effects, locale),
    ];
    if (!csv.write(Object.fromEntries(record.map((v, i) => [String(i), v]))))
      await new Promise<void>((resolve) => csv.once('drain', () => resolve()));
  }
  csv.end();
  await done;
}
