import { z } from 'zod';
import { HISTORY_KINDS, BENEFICIARIES, IDEA_SOURCES } from '../domain/idea';
import { STAGES } from '../domain/stages';
import { actionBody, devTokenBody, SORT_ORDERS } from './schemas';

/**
 * The OpenAPI 3.1 description of the tab API, served at `GET /api/openapi.json`. Request bodies
 * come straight from the zod schemas that validate them; the response schemas are written out
 * here, and the API tests check real responses against them, so the two cannot drift apart.
 */

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const obj = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const stage = str({ enum: [...STAGES] });
const perStage = (schema: Schema): Schema => obj(Object.fromEntries(STAGES.map((s) => [s, schema])), [...STAGES]);
const person = obj({ id: str(), name: str() }, ['id', 'name']);
const dateTime = str({ format: 'date-time' });

/** JSON Schema of a zod schema, without the `$schema` key OpenAPI does not want inside components. */
function fromZod(schema: z.ZodType): Schema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Schema;
  void $schema;
  return rest;
}

const cardProperties: Record<string, Schema> = {
  id: str(),
  number: { type: 'integer', minimum: 1 },
  title: str(),
  department: str(),
  stage,
  needsInfo: { type: 'boolean' },
  coach: person,
  giver: person,
  tenantId: str(),
  createdAt: dateTime,
  stageChangedAt: dateTime,
  updatedAt: dateTime,
  nextStage: { ...stage, description: 'Where "move on" takes the idea; absent when it has no next stage.' },
  actions: {
    type: 'array',
    description: 'The coach actions the caller may take now; empty for everyone who is not a coach.',
    items: str({ enum: ['take', 'advance', 'decline', 'askInfo', 'reassign', 'reopen'] }),
  },
};
const cardRequired = [
  'id',
  'number',
  'title',
  'department',
  'stage',
  'needsInfo',
  'giver',
  'tenantId',
  'createdAt',
  'stageChangedAt',
  'updatedAt',
  'actions',
];

const schemas: Record<string, Schema> = {
  IdeaCard: obj(cardProperties, cardRequired),
  IdeaPage: obj({ items: { type: 'array', items: ref('IdeaCard') }, continuation: str() }, ['items']),
  StageCounts: perStage({ type: 'integer', minimum: 0 }),
  BoardResponse: obj({ counts: ref('StageCounts'), total: { type: 'integer', minimum: 0 }, columns: perStage(ref('IdeaPage')) }, [
    'counts',
    'total',
    'columns',
  ]),
  CountsResponse: obj({ counts: ref('StageCounts'), total: { type: 'integer', minimum: 0 } }, ['counts', 'total']),
  HistoryEvent: obj(
    {
      id: str(),
      kind: str({ enum: [...HISTORY_KINDS] }),
      at: dateTime,
      actor: person,
      from: stage,
      to: stage,
      text: str(),
      coach: person,
      rating: { type: 'integer', minimum: 1, maximum: 5 },
    },
    ['id', 'kind', 'at', 'actor'],
  ),
  Satisfaction: obj({ rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: str(), at: dateTime, stage }, [
    'rating',
    'at',
    'stage',
  ]),
  IdeaDetail: obj(
    {
      ...cardProperties,
      need: str(),
      idea: str(),
      beneficiaries: { type: 'array', items: str({ enum: [...BENEFICIARIES] }) },
      source: str({ enum: [...IDEA_SOURCES] }),
      giver: obj({ id: str(), name: str(), department: str(), jobTitle: str() }, ['id', 'name']),
      origin: obj({ name: str() }, ['name']),
      pendingQuestion: str(),
      history: { type: 'array', items: ref('HistoryEvent') },
      satisfaction: { type: 'array', items: ref('Satisfaction') },
      version: { type: 'integer', minimum: 1 },
      etag: str({ description: 'Send back in If-Match with an action.' }),
    },
    [...cardRequired, 'need', 'idea', 'beneficiaries', 'source', 'history', 'satisfaction', 'version', 'etag'],
  ),
  IdeaResponse: obj({ idea: ref('IdeaDetail') }, ['idea']),
  TabConfig: obj(
    {
      sluice: obj({ id: str(), name: str() }, ['id', 'name']),
      stages: { type: 'array', items: stage },
      stageLabels: obj({ sv: perStage(str()), en: perStage(str()) }, ['sv', 'en']),
      departments: { type: 'array', items: str() },
      coaches: { type: 'array', items: obj({ id: str(), name: str() }, ['id']) },
      municipalities: { type: 'array', items: obj({ tenantId: str(), name: str() }, ['tenantId', 'name']) },
      caller: obj({ id: str(), name: str(), tenantId: str(), isCoach: { type: 'boolean' } }, ['id', 'name', 'tenantId', 'isCoach']),
    },
    ['sluice', 'stages', 'stageLabels', 'departments', 'coaches', 'municipalities', 'caller'],
  ),
  FieldProblem: obj(
    { field: str(), problem: str({ enum: ['empty', 'tooShort', 'tooLong', 'invalid'] }), limit: { type: 'integer' }, message: str() },
    ['field', 'problem'],
  ),
  ApiError: obj(
    {
      code: str(),
      message: str(),
      correlationId: str(),
      problems: { type: 'array', items: ref('FieldProblem') },
      current: ref('IdeaDetail'),
    },
    ['code', 'message'],
  ),
  CoachActionRequest: fromZod(actionBody),
  DevTokenRequest: fromZod(devTokenBody),
  DevTokenResponse: obj({ token: str(), expiresAt: dateTime }, ['token', 'expiresAt']),
  DevPersonasResponse: obj(
    {
      personas: {
        type: 'array',
        items: obj({ oid: str(), tid: str(), name: str(), role: str({ enum: ['coach', 'employee'] }), description: str() }, [
          'oid',
          'tid',
          'name',
          'role',
        ]),
      },
    },
    ['personas'],
  ),
};

/** Query parameters of the filtered routes; the tests check these names against the zod schemas. */
export const FILTER_PARAMETERS: readonly Schema[] = [
  {
    name: 'stage',
    in: 'query',
    description: 'One or more stages; repeat the parameter or separate with commas.',
    schema: { type: 'array', items: stage },
    style: 'form',
    explode: true,
  },
  { name: 'department', in: 'query', schema: str({ maxLength: 120 }) },
  { name: 'coach', in: 'query', description: "The responsible coach's object id.", schema: str() },
  { name: 'municipality', in: 'query', description: 'A member tenant id of the sluice.', schema: str({ format: 'uuid' }) },
  { name: 'needsInfo', in: 'query', schema: str({ enum: ['true', 'false'] }) },
  { name: 'from', in: 'query', description: 'Submitted on or after: YYYY-MM-DD (UTC) or an ISO date-time.', schema: str() },
  {
    name: 'to',
    in: 'query',
    description: 'Submitted on or before this day (YYYY-MM-DD, inclusive) or before this ISO date-time.',
    schema: str(),
  },
  { name: 'q', in: 'query', description: 'Free text in title, need and idea (case-insensitive).', schema: str({ maxLength: 200 }) },
];
const sortParameter: Schema = { name: 'sort', in: 'query', schema: str({ enum: [...SORT_ORDERS], default: 'newest' }) };
const continuationParameter: Schema = {
  name: 'continuation',
  in: 'query',
  description: 'The continuation of the previous page of the same query.',
  schema: str({ maxLength: 4096 }),
};
const idParameter: Schema = { name: 'id', in: 'path', required: true, schema: str() };

const json = (schema: Schema, description: string): Schema => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: number[]): Record<string, Schema> => {
  const text: Record<number, string> = {
    400: 'Invalid input; `problems` names each field.',
    401: 'No valid bearer token (see the WWW-Authenticate header).',
    403: 'Valid token, but not allowed (no sluice, or not a coach).',
    404: 'No such idea in your sluice.',
    409: 'Not possible in the idea’s current state; `current` is the idea now.',
    412: 'The idea changed since the etag you sent; `current` is the idea now.',
    428: 'If-Match is missing.',
  };
  return Object.fromEntries(codes.map((c) => [String(c), json(ref('ApiError'), text[c] ?? 'Error')]));
};
const authErrors = [401, 403];
const secured = { security: [{ bearer: [] }] };

/** Builds the OpenAPI document; `local` adds the local issuer's routes. */
export function openApiDocument(options: { local: boolean }): Schema {
  const paths: Record<string, Schema> = {
    '/api/config': {
      get: {
        summary: "The caller's sluice: stage labels, departments, coaches, municipalities, and whether the caller is a coach.",
        operationId: 'getConfig',
        ...secured,
        responses: { 200: json(ref('TabConfig'), 'The sluice as the tab shows it.'), ...errors(...authErrors) },
      },
    },
    '/api/board': {
      get: {
        summary: 'Counts per stage and the first page of every stage column, for one filter.',
        operationId: 'getBoard',
        ...secured,
        parameters: [
          ...FILTER_PARAMETERS,
          sortParameter,
          { name: 'perStage', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
        ],
        responses: { 200: json(ref('BoardResponse'), 'The board.'), ...errors(400, ...authErrors) },
      },
    },
    '/api/counts': {
      get: {
        summary: 'How many ideas match the filter, per stage (the board header).',
        operationId: 'getCounts',
        ...secured,
        parameters: [...FILTER_PARAMETERS],
        responses: { 200: json(ref('CountsResponse'), 'Counts.'), ...errors(400, ...authErrors) },
      },
    },
    '/api/ideas': {
      get: {
        summary: "A page of the sluice's ideas: filters, free-text search, sort, keyset paging.",
        operationId: 'listIdeas',
        ...secured,
        parameters: [
          ...FILTER_PARAMETERS,
          sortParameter,
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
          continuationParameter,
        ],
        responses: { 200: json(ref('IdeaPage'), 'One page.'), ...errors(400, ...authErrors) },
      },
    },
    '/api/ideas/mine': {
      get: {
        summary: 'The ideas the caller handed in ("Mina idéer").',
        operationId: 'listMyIdeas',
        ...secured,
        parameters: [
          sortParameter,
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
          continuationParameter,
        ],
        responses: { 200: json(ref('IdeaPage'), 'One page.'), ...errors(400, ...authErrors) },
      },
    },
    '/api/ideas/{id}': {
      get: {
        summary: 'One idea with its full history. The ETag header equals `idea.etag`.',
        operationId: 'getIdea',
        ...secured,
        parameters: [idParameter],
        responses: { 200: json(ref('IdeaResponse'), 'The idea.'), ...errors(400, ...authErrors, 404) },
      },
    },
    '/api/ideas/{id}/actions': {
      post: {
        summary: 'A coach action (the same transitions as the coach cards). Send the etag you saw in If-Match.',
        operationId: 'actOnIdea',
        ...secured,
        parameters: [
          idParameter,
          { name: 'If-Match', in: 'header', required: true, description: 'The `etag` of the idea as you saw it.', schema: str() },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('CoachActionRequest') } } },
        responses: { 200: json(ref('IdeaResponse'), 'The idea after the action.'), ...errors(400, ...authErrors, 404, 409, 412, 428) },
      },
    },
  };
  if (options.local) {
    paths['/api/dev/token'] = {
      post: {
        summary: 'Local only: a token of the same shape as a Teams SSO token, for any person.',
        operationId: 'devToken',
        requestBody: { required: true, content: { 'application/json': { schema: ref('DevTokenRequest') } } },
        responses: { 200: json(ref('DevTokenResponse'), 'A token valid for one hour.'), ...errors(400) },
      },
    };
    paths['/api/dev/jwks.json'] = {
      get: {
        summary: "Local only: the local issuer's public keys.",
        operationId: 'devJwks',
        responses: { 200: { description: 'A JWKS.' } },
      },
    };
    paths['/api/dev/personas'] = {
      get: {
        summary: 'Local only: the demo people a browser outside Teams can sign in as.',
        operationId: 'devPersonas',
        responses: { 200: json(ref('DevPersonasResponse'), 'Demo people.') },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Idéslussen tab API',
      version: '1',
      description:
        "The pipeline tab's API. Every route but the local issuer's needs `Authorization: Bearer <token>`: in Teams the tab's SSO token (authentication.getAuthToken), locally one from POST /api/dev/token.",
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
