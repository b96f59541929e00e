import { createDocument, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { HISTORY_KINDS, BENEFICIARIES, IDEA_SOURCES, LINK_KINDS } from '../domain/idea';
import { STAGES } from '../domain/stages';
import type { ApiRoute } from './route';
import { actionBody, devTokenBody } from './schemas';
import { obj, ref as component, str, type Schema } from './json-schema';
import { personalDataSchemas } from './personal-data-openapi';
import { recordSchemas } from './record-openapi';
import { statsSchemas } from './stats-openapi';
import { challengeSchemas } from './challenge-openapi';
import { commentSchemas } from './comment-openapi';
import { supportSchemas } from './support-openapi';
import { peopleSchemas } from './people-openapi';
import { scoringSchemas } from './scoring-openapi';

/**
 * The OpenAPI 3.1 description of the tab API, served at `GET /api/openapi.json`, generated (with
 * zod-openapi) from the routes the server registers: their paths, operationIds and the zod
 * schemas that validate their input. The answers' schemas are the components below; the API
 * tests check real responses against them.
 */

const stage = str({ enum: [...STAGES] });
const perStage = (schema: Schema): Schema => obj(Object.fromEntries(STAGES.map((s) => [s, schema])), [...STAGES]);
const person = obj({ id: str(), name: str() }, ['id', 'name']);
const dateTime = str({ format: 'date-time' });

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
  supportCount: { type: 'integer', minimum: 1, description: 'How many people support the idea; absent when nobody does.' },
  score: {
    type: 'integer',
    minimum: 0,
    maximum: 100,
    description: "The coaches' weighted score (scoreIdea); only in a coach's or admin's answer, absent until scored.",
  },
  actions: {
    type: 'array',
    description: 'The coach actions the caller may take now; empty for everyone who is not a coach.',
    items: str({ enum: ['take', 'advance', 'decline', 'askInfo', 'reassign', 'reopen'] }),
  },
  overdue: {
    ...obj({ waited: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 1 }, since: dateTime }, [
      'waited',
      'limit',
      'since',
    ]),
    description: '"Försenad": working days waited in the stage, past the limit; absent when within it.',
  },
  noReachableCoach: {
    ...obj({ since: dateTime }, ['since']),
    description: 'No coach could be reached with the task card (the app is not installed for them); the admins were told.',
  },
  cover: {
    ...obj({ id: str(), name: str(), until: str({ format: 'date' }) }, ['id', 'name', 'until']),
    description: 'While the responsible coach is away (back on `until`), the coach who covers.',
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

const similarIdeaItem = obj(
  {
    id: str(),
    number: { type: 'integer', minimum: 1 },
    title: str(),
    stage,
    department: str(),
    tenantId: str({ description: "The municipality's tenant; only for ideas of the caller's own sluice." }),
    municipality: str({ description: "The municipality's name, when the sluice knows it." }),
    linkedSluice: {
      ...obj({ id: str(), name: str() }, ['id', 'name']),
      description:
        'Set for an idea of a linked sluice (tested, implemented or closed there): it is read under "Från länkade idéslussar", not opened as an own idea.',
    },
    closedReason: str({ description: 'Why a closed idea stopped.' }),
    score: { type: 'number', minimum: 0, maximum: 1, description: 'How alike, 0–1.' },
    shared: { type: 'array', items: str(), description: 'What the two share, as the asked text writes it.' },
  },
  ['id', 'number', 'title', 'stage', 'department', 'score', 'shared'],
);

const schemas = {
  IdeaCard: obj(cardProperties, cardRequired),
  IdeaPage: obj({ items: { type: 'array', items: component('IdeaCard') }, continuation: str() }, ['items']),
  SimilarIdeasResponse: obj({ items: { type: 'array', items: similarIdeaItem } }, ['items']),
  StageCounts: perStage({ type: 'integer', minimum: 0 }),
  BoardResponse: obj(
    { counts: component('StageCounts'), total: { type: 'integer', minimum: 0 }, columns: perStage(component('IdeaPage')) },
    ['counts', 'total', 'columns'],
  ),
  CountsResponse: obj({ counts: component('StageCounts'), total: { type: 'integer', minimum: 0 } }, ['counts', 'total']),
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
      unreachable: {
        ...person,
        description: '`coachUnreachable`: the coach the bot could not reach; `coach` is who got the idea instead.',
      },
      reminder: obj(
        { waited: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 0 }, to: { type: 'array', items: str() } },
        ['waited', 'limit', 'to'],
      ),
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      effects: { type: 'array', items: component('Effect') },
      link: obj(
        {
          ideaId: str(),
          number: { type: 'integer', minimum: 1 },
          title: str(),
          kind: str({ enum: [...LINK_KINDS] }),
        },
        ['ideaId', 'number', 'title', 'kind'],
      ),
    },
    ['id', 'kind', 'at', 'actor'],
  ),
  Effect: obj(
    {
      forWhom: str({ description: 'Who benefits.' }),
      change: str({ description: 'What changed for them.' }),
      amount: { type: 'number', description: 'An optional figure …' },
      unit: str({ description: '… with its unit, e.g. "timmar per vecka".' }),
    },
    ['forWhom', 'change'],
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
      record: obj(
        {
          reference: str({ description: 'The record reference, e.g. "IDÉ 2026/42": prefix, year received, serial.' }),
          authority: obj({ tenantId: str(), name: str() }, ['tenantId', 'name']),
          receivedOn: str({ format: 'date', description: 'The day the idea was received (Europe/Stockholm).' }),
        },
        ['reference', 'authority', 'receivedOn'],
      ),
      history: { type: 'array', items: component('HistoryEvent') },
      satisfaction: { type: 'array', items: component('Satisfaction') },
      effects: { type: 'array', items: component('Effect'), description: 'What the idea achieved, recorded at Införd.' },
      links: {
        type: 'array',
        description: 'The ideas a coach linked this one to, as they are now.',
        items: obj(
          {
            id: str(),
            number: { type: 'integer', minimum: 1 },
            title: str(),
            stage,
            kind: str({ enum: [...LINK_KINDS], description: '`similar` liknar, `duplicate` dubblett av, `related` hänger ihop med.' }),
          },
          ['id', 'number', 'title', 'stage', 'kind'],
        ),
      },
      version: { type: 'integer', minimum: 1 },
      etag: str({ description: 'Send back in If-Match with an action.' }),
      giverActions: {
        type: 'array',
        description: "What the caller may do as the idea's giver; empty for everyone else.",
        items: str({ enum: ['answerQuestion', 'edit', 'withdraw', 'rate'] }),
      },
      openQuestionId: str({ description: "For the giver: the coach's open question, to send with answerQuestion." }),
      ratingAsked: obj({ decisionId: str(), stage }, ['decisionId', 'stage']),
      link: str({
        format: 'uri',
        description: "The link that opens the tab at this idea: the same as the cards' Öppna i Idéslussen (Kopiera länk).",
      }),
    },
    [...cardRequired, 'need', 'idea', 'beneficiaries', 'source', 'history', 'satisfaction', 'links', 'version', 'etag', 'giverActions'],
  ),
  IdeaResponse: obj({ idea: component('IdeaDetail') }, ['idea']),
  TabConfig: obj(
    {
      sluice: obj({ id: str(), name: str() }, ['id', 'name']),
      stages: { type: 'array', items: stage },
      stageLabels: obj({ sv: perStage(str()), en: perStage(str()) }, ['sv', 'en']),
      departments: { type: 'array', items: str() },
      coaches: { type: 'array', items: obj({ id: str(), name: str() }, ['id']) },
      municipalities: { type: 'array', items: obj({ tenantId: str(), name: str() }, ['tenantId', 'name']) },
      caller: obj(
        {
          id: str(),
          name: str(),
          tenantId: str(),
          isCoach: { type: 'boolean' },
          role: str({ enum: ['admin', 'coach', 'registrator', 'everyone'] }),
          awayUntil: str({ format: 'date', description: 'A coach who is away: the day they are back.' }),
          coveredBy: obj({ id: str(), name: str() }, ['id']),
        },
        ['id', 'name', 'tenantId', 'isCoach', 'role'],
      ),
    },
    ['sluice', 'stages', 'stageLabels', 'departments', 'coaches', 'municipalities', 'caller'],
  ),
  AbsenceResponse: obj(
    {
      awayUntil: str({ format: 'date', description: 'The day the coach is back; absent when they are not away.' }),
      backup: obj({ id: str(), name: str() }, ['id']),
    },
    [],
  ),
  FieldProblem: obj(
    {
      field: str(),
      problem: str({ enum: ['empty', 'tooShort', 'tooLong', 'invalid', 'tooEarly', 'tooLate'] }),
      limit: { type: 'integer' },
      message: str(),
    },
    ['field', 'problem'],
  ),
  ApiError: obj(
    {
      code: str(),
      message: str(),
      correlationId: str(),
      problems: { type: 'array', items: component('FieldProblem') },
      current: component('IdeaDetail'),
      contact: str({ description: 'With NoSluice: whom to ask to connect the organisation.' }),
    },
    ['code', 'message'],
  ),
  DevTokenResponse: obj({ token: str(), expiresAt: dateTime }, ['token', 'expiresAt']),
  DevPersonasResponse: obj(
    {
      personas: {
        type: 'array',
        items: obj(
          { oid: str(), tid: str(), name: str(), role: str({ enum: ['admin', 'coach', 'registrator', 'employee'] }), description: str() },
          ['oid', 'tid', 'name', 'role'],
        ),
      },
    },
    ['personas'],
  ),
} satisfies Record<string, Schema>;

/** A reference to one of the components above, for a route's answer. */
export function ref(name: keyof typeof schemas): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON answer with a schema. */
export function json(schema: { $ref: string }, description: string): ZodOpenApiResponseObject {
  return { description, content: { 'application/json': { schema } } };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input; `problems` names each field.',
  401: 'No valid bearer token (see the WWW-Authenticate header).',
  403: 'Valid token, but not allowed (no sluice, or not a coach).',
  404: 'No such idea in your sluice.',
  409: 'Not possible in the idea’s current state; `current` is the idea now.',
  412: 'The idea changed since the etag you sent; `current` is the idea now.',
  429: 'Too many at once; wait as long as Retry-After says.',
  428: 'If-Match is missing.',
};

/** The error answers of a route, each an ApiError. */
export function errors(...codes: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(codes.map((c) => [String(c), json(ref('ApiError'), ERROR_TEXT[c] ?? 'Error')]));
}

/** Builds the OpenAPI document of exactly these routes. */
export function openApiDocument(routes: readonly ApiRoute[]): Schema {
  const paths: Record<string, Record<string, ApiRoute['operation']>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = route.operation;
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Idéslussen tab API',
      version: '1',
      description:
        "The pipeline tab's API. Every route but the public ones needs `Authorization: Bearer <token>`: in Teams the tab's SSO token (authentication.getAuthToken), locally one from POST /api/dev/token.",
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: {
        ...schemas,
        ...statsSchemas,
        ...recordSchemas,
        ...challengeSchemas,
        ...commentSchemas,
        ...supportSchemas,
        ...peopleSchemas,
        ...scoringSchemas,
        ...personalDataSchemas,
        CoachActionRequest: actionBody,
        DevTokenRequest: devTokenBody,
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  }) as unknown as Schema;
}
