import { obj, ref, str, type Schema } from './json-schema';

const scoreMap = {
  type: 'object',
  additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  description: 'Criterion id → score 1–5; a criterion left out is unscored.',
} as const;

const sheet = obj(
  {
    coach: obj({ id: str(), name: str() }, ['id', 'name']),
    scores: scoreMap,
    weighted: { type: 'integer', minimum: 0, maximum: 100, description: "This coach's weighted score under today's criteria." },
    at: str({ format: 'date-time' }),
  },
  ['coach', 'scores', 'at'],
);

/** The answers of the scoring routes in the OpenAPI document; the API tests check real answers against them. */
export const scoringSchemas = {
  ScoreSheet: sheet,
  ScoresResponse: obj(
    {
      ideaId: str(),
      criteria: {
        type: 'array',
        items: obj({ id: str(), name: str(), description: str(), weight: { type: 'integer', minimum: 1, maximum: 10 } }, [
          'id',
          'name',
          'weight',
        ]),
      },
      sheets: { type: 'array', items: ref('ScoreSheet') },
      mine: ref('ScoreSheet'),
      weighted: { type: 'integer', minimum: 0, maximum: 100, description: "The coaches' weighted score: the mean of each coach's." },
      takesScores: {
        type: 'boolean',
        description:
          'Whether scoreIdea takes scores for the idea at its stage now: from the Idésamtal on (screening, testing, implementing, done), not while submitted or once closed.',
      },
    },
    ['ideaId', 'criteria', 'sheets', 'takesScores'],
  ),
} satisfies Record<string, Schema>;

export function scoringRef(name: keyof typeof scoringSchemas): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
