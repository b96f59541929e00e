import { z } from 'zod';
import type { IdeaFilter } from '../domain/ports';
import { STAGES } from '../domain/stages';
import { entraId, idSchema, ideaId } from '../domain/ids';
import type { CoachActionRequest, DevTokenRequest, SortOrder } from './contracts';

/**
 * Input validation of the tab API. Every query string, path parameter and body is parsed here
 * before a route touches it; a failure becomes a 400 that names each bad field.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SORT_ORDERS = ['newest', 'oldest', 'stageChanged', 'number', 'score'] as const satisfies readonly SortOrder[];

/** Longest text a body field may carry before the domain's own (smaller) limits are checked. */
const MAX_INPUT_TEXT = 5000;

const stageList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
  z
    .array(z.enum(STAGES, { message: `must be one of ${STAGES.join(', ')}` }))
    .min(1)
    .max(STAGES.length),
);

const day = z.iso.date({ message: 'must be a date (YYYY-MM-DD) or an ISO date-time' });
const moment = z.iso.datetime({ offset: true, message: 'must be a date (YYYY-MM-DD) or an ISO date-time' });
const dateOrMoment = z.union([day, moment], { message: 'must be a date (YYYY-MM-DD) or an ISO date-time' });

export const filterShape = {
  stage: stageList.optional().meta({
    description: 'One or more stages; repeat the parameter or separate with commas.',
    // The wire form (a list, or one comma-separated string) is more than the parsed list says.
    override: { type: 'array', items: { type: 'string', enum: [...STAGES] } },
    param: { style: 'form', explode: true },
  }),
  department: z.string().trim().min(1).max(120).optional(),
  coach: entraId.optional().meta({ description: "The responsible coach's object id." }),
  municipality: z
    .string()
    .regex(GUID, 'must be a tenant id (a GUID)')
    .optional()
    .meta({ description: 'A member tenant id of the sluice.' }),
  needsInfo: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  challenge: idSchema('a challenge id')
    .optional()
    .meta({ description: "A challenge of the caller's sluice: only the ideas that answer it (400 for any other)." }),
  from: dateOrMoment.optional().meta({ description: 'Submitted on or after: YYYY-MM-DD (UTC) or an ISO date-time.' }),
  to: dateOrMoment
    .optional()
    .meta({ description: 'Submitted on or before this day (YYYY-MM-DD, inclusive) or before this ISO date-time.' }),
  q: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .optional()
    .meta({ description: 'Free text in title, need and idea (case-insensitive).' }),
};

const sort = z.enum(SORT_ORDERS, { message: `must be one of ${SORT_ORDERS.join(', ')}` }).default('newest');
const continuation = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .meta({ description: 'The continuation of the previous page of the same query.' });

export const boardQuery = z.strictObject({
  ...filterShape,
  sort,
  perStage: z.coerce.number().int().min(1).max(50).default(20),
});

export const listQuery = z.strictObject({
  ...filterShape,
  sort,
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  continuation,
});

export const countsQuery = z.strictObject(filterShape);

export const mineQuery = z.strictObject({
  sort,
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  continuation,
});

/** Checked against the one id format before any read: `.` or `..` would name a whole container. */
export const ideaParams = z.object({ id: ideaId });

/** Documented only: the action route reads If-Match itself, to answer 428 rather than 400. */
export const ifMatchHeader = z.object({
  'If-Match': z.string().meta({ description: 'The `etag` of the idea as you saw it.' }),
});

const optionalText = z.string().max(MAX_INPUT_TEXT).optional();
const requiredText = z.string().max(MAX_INPUT_TEXT);

export const actionBody = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('take') }),
    z.strictObject({
      type: z.literal('advance'),
      comment: optionalText,
      effects: z
        .array(
          z.strictObject({
            forWhom: z.string().max(MAX_INPUT_TEXT),
            change: z.string().max(MAX_INPUT_TEXT),
            amount: z.number().finite().optional(),
            unit: z.string().max(MAX_INPUT_TEXT).optional(),
          }),
        )
        .max(20)
        .optional(),
    }),
    z
      .strictObject({
        type: z.literal('decline'),
        reason: optionalText,
        duplicateOf: ideaId
          .optional()
          .meta({ description: 'A linked idea this one duplicates: the reason names it ("Dubblett av #12 …").' }),
      })
      .refine((b) => b.reason !== undefined || b.duplicateOf !== undefined, {
        path: ['reason'],
        message: 'is required unless duplicateOf names a linked idea',
      }),
    z.strictObject({ type: z.literal('askInfo'), question: requiredText }),
    z.strictObject({ type: z.literal('reassign'), coachId: entraId }),
    z.strictObject({ type: z.literal('reopen'), comment: optionalText }),
  ],
  { message: 'type must be one of take, advance, decline, askInfo, reassign, reopen' },
) satisfies z.ZodType<CoachActionRequest>;

export const devTokenBody = z.strictObject({
  oid: z.string().regex(GUID, 'must be an object id (a GUID)'),
  tid: z.string().regex(GUID, 'must be a tenant id (a GUID)'),
  name: z.string().trim().min(1).max(100),
}) satisfies z.ZodType<DevTokenRequest>;

/** Turns the parsed filter parameters into the domain's filter; `to` as a day includes that day. */
export function toIdeaFilter(q: z.infer<z.ZodObject<typeof filterShape>>): IdeaFilter {
  const from = q.from === undefined ? undefined : q.from.length === 10 ? `${q.from}T00:00:00.000Z` : new Date(q.from).toISOString();
  const to = q.to === undefined ? undefined : q.to.length === 10 ? nextDay(q.to) : new Date(q.to).toISOString();
  return {
    ...(q.stage ? { stages: [...new Set(q.stage)] } : {}),
    ...(q.department ? { department: q.department } : {}),
    ...(q.coach ? { coachId: q.coach } : {}),
    ...(q.municipality ? { tenantId: q.municipality } : {}),
    ...(q.needsInfo ? { needsInfo: q.needsInfo === 'true' } : {}),
    ...(q.challenge ? { challengeId: q.challenge } : {}),
    ...(from ? { submittedFrom: from } : {}),
    ...(to ? { submittedTo: to } : {}),
    ...(q.q ? { text: q.q } : {}),
  };
}

/** Problems a filter has that no single field shows (an empty time range). */
export function filterProblems(filter: IdeaFilter): { field: string; message: string }[] {
  if (filter.submittedFrom && filter.submittedTo && Date.parse(filter.submittedFrom) >= Date.parse(filter.submittedTo))
    return [{ field: 'to', message: 'must be after from' }];
  return [];
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** One problem per bad field, worded for a developer reading the response. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { field: issue.keys.join(', '), message: 'is not a known parameter' };
    // The parameter or body field, not the position inside it (stage=a,b names "stage", not "stage.1").
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    return { field, message: issue.message };
  });
}
