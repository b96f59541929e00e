import { STAGES } from '../domain/stages';
import { obj, ref, str, type Schema } from './json-schema';
import { CLOSE_KINDS, FUNNEL_STEPS, TIMED_STAGES } from '../domain/stats/aggregate';

/**
 * The answers of the statistics routes in the OpenAPI document (their query parameters come from
 * the zod schemas that validate them); the API tests check real answers against these.
 */

const int = { type: 'integer', minimum: 0 };
const num = { type: 'number' };
const record = (keys: readonly string[], value: Schema): Schema => obj(Object.fromEntries(keys.map((k) => [k, value])), [...keys]);
const figure = obj({ value: int, previous: int }, ['value', 'previous']);
const funnel = record(FUNNEL_STEPS, figure);
const period = obj({ from: str(), to: str(), firstDay: str({ format: 'date' }), lastDay: str({ format: 'date' }), months: int }, [
  'from',
  'to',
  'firstDay',
  'lastDay',
  'months',
]);
const duration = { median: int, p90: int, count: int };
const effect = obj({ forWhom: str(), change: str(), amount: num, unit: str() }, ['forWhom', 'change']);

export const statsSchemas = {
  StatsResponse: obj(
    {
      scope: str({ enum: ['full', 'public'] }),
      period,
      previousPeriod: period,
      filter: obj({ tenantId: str(), department: str(), challengeId: str() }, []),
      funnel,
      now: record(STAGES, int),
      series: { type: 'array', items: obj({ month: str(), funnel: record(FUNNEL_STEPS, int) }, ['month', 'funnel']) },
      outcomes: obj(
        {
          tested: figure,
          implemented: figure,
          closed: figure,
          closedBy: {
            type: 'array',
            items: obj({ how: str({ enum: [...CLOSE_KINDS] }), from: str({ enum: [...STAGES] }), count: int }, ['how', 'from', 'count']),
          },
          implementedIdeas: {
            type: 'array',
            items: obj(
              {
                ideaId: str(),
                number: int,
                title: str(),
                at: str({ format: 'date-time' }),
                tenantId: str(),
                department: str(),
                challengeId: str(),
                effects: { type: 'array', items: effect },
              },
              ['ideaId', 'number', 'title', 'at', 'tenantId', 'department', 'effects'],
            ),
          },
        },
        ['tested', 'implemented', 'closed', 'closedBy', 'implementedIdeas'],
      ),
      details: ref('StatsDetails'),
    },
    ['scope', 'period', 'previousPeriod', 'filter', 'funnel', 'now', 'series', 'outcomes'],
  ),
  StatsDetails: obj(
    {
      departments: { type: 'array', items: obj({ department: str(), funnel }, ['department', 'funnel']) },
      municipalities: {
        type: 'array',
        items: obj(
          {
            tenantId: str(),
            name: str(),
            funnel,
            employees: int,
            per1000: obj({ submitted: num, implemented: num }, ['submitted', 'implemented']),
          },
          ['tenantId', 'name', 'funnel'],
        ),
      },
      timeInStage: {
        type: 'array',
        items: obj({ stage: str({ enum: [...TIMED_STAGES] }), ...duration, previous: obj(duration, ['count']) }, [
          'stage',
          'count',
          'previous',
        ]),
      },
      firstTalk: obj(
        { ...duration, previous: obj(duration, ['count']), limitDays: int, withinLimit: int, share: num, previousShare: num },
        ['count', 'previous', 'limitDays', 'withinLimit'],
      ),
      satisfaction: obj(
        {
          mean: num,
          previousMean: num,
          count: int,
          previousCount: int,
          distribution: { type: 'array', items: int, minItems: 5, maxItems: 5 },
          byCoach: { type: 'array', items: obj({ coachId: str(), name: str(), mean: num, count: int }, ['coachId', 'mean', 'count']) },
          byDepartment: { type: 'array', items: obj({ department: str(), mean: num, count: int }, ['department', 'mean', 'count']) },
        },
        ['count', 'previousCount', 'distribution', 'byCoach', 'byDepartment'],
      ),
    },
    ['departments', 'municipalities', 'timeInStage', 'firstTalk', 'satisfaction'],
  ),
  ExportLog: obj(
    {
      exports: {
        type: 'array',
        items: obj(
          {
            at: str({ format: 'date-time' }),
            by: obj({ id: str(), name: str() }, ['id', 'name']),
            period: obj({ from: str(), to: str() }, ['from', 'to']),
            rows: int,
          },
          ['at', 'by', 'period', 'rows'],
        ),
      },
    },
    ['exports'],
  ),
} satisfies Record<string, Schema>;

/** A reference to one of the statistics' components, for a route's answer. */
export function statsRef(name: keyof typeof statsSchemas & string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
