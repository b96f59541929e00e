import { BENEFICIARIES, HISTORY_KINDS, IDEA_SOURCES } from '../domain/idea';
import { STAGES } from '../domain/stages';
import { obj, ref, str, type Schema } from './json-schema';

/** The answer of `getIdeaRecord` in the OpenAPI document; the API tests check real answers against it. */

const stage = str({ enum: [...STAGES] });
const kind = str({ enum: [...HISTORY_KINDS] });
const person = obj({ id: str(), name: str() }, ['id', 'name']);
const dateTime = str({ format: 'date-time' });
const recordEvent = obj(
  {
    id: str(),
    kind,
    at: dateTime,
    by: person,
    from: stage,
    to: stage,
    text: str({ description: 'The reason, comment, question or answer.' }),
    coach: person,
    effects: { type: 'array', items: ref('Effect') },
  },
  ['id', 'kind', 'at', 'by'],
);

export const recordSchemas = {
  IdeaRecordResponse: obj(
    {
      record: obj(
        {
          reference: str({ description: 'e.g. "IDÉ 2026/42".' }),
          authority: obj({ tenantId: str(), name: str() }, ['tenantId', 'name']),
          receivedOn: str({ format: 'date' }),
        },
        ['reference', 'authority', 'receivedOn'],
      ),
      idea: obj(
        {
          id: str(),
          number: { type: 'integer', minimum: 1 },
          title: str(),
          need: str(),
          idea: str(),
          beneficiaries: { type: 'array', items: str({ enum: [...BENEFICIARIES] }) },
          department: str(),
          source: str({ enum: [...IDEA_SOURCES] }),
          stage,
          createdAt: dateTime,
          giver: obj({ id: str(), name: str(), department: str(), jobTitle: str() }, ['id', 'name']),
          origin: obj({ name: str() }, ['name']),
        },
        ['id', 'number', 'title', 'need', 'idea', 'beneficiaries', 'department', 'source', 'stage', 'createdAt', 'giver'],
      ),
      decisions: { type: 'array', items: recordEvent, description: 'Every decision, oldest first.' },
      questions: {
        type: 'array',
        items: obj({ question: recordEvent, answers: { type: 'array', items: recordEvent } }, ['question', 'answers']),
      },
      ratings: { type: 'array', items: ref('Satisfaction') },
      effects: { type: 'array', items: ref('Effect') },
      comments: {
        type: 'array',
        description: 'Comments and internal notes, oldest first; a hidden comment with its text, marked `hidden`.',
        items: obj(
          {
            id: str(),
            kind: str({ enum: ['comment', 'note'] }),
            at: dateTime,
            by: person,
            text: str(),
            editedAt: dateTime,
            hidden: obj({ by: person, at: dateTime, reason: str() }, ['by', 'at', 'reason']),
          },
          ['id', 'kind', 'at', 'by', 'text'],
        ),
      },
      chain: obj(
        {
          whole: { type: 'boolean' },
          events: { type: 'integer', minimum: 0 },
          brokenAt: obj(
            {
              index: { type: 'integer', minimum: 0 },
              eventId: str(),
              kind,
              at: dateTime,
              problem: str({ enum: ['changed', 'unsealed'] }),
            },
            ['index', 'eventId', 'kind', 'at', 'problem'],
          ),
          anonymised: {
            type: 'array',
            description:
              'Anonymisations the history went through (the chain was sealed again from the first changed event): when, the legal basis, and whether the chain was whole just before.',
            items: obj({ at: dateTime, basis: str(), chainWholeBefore: { type: 'boolean' } }, ['at', 'basis', 'chainWholeBefore']),
          },
        },
        ['whole', 'events'],
      ),
    },
    ['idea', 'decisions', 'questions', 'ratings', 'effects', 'chain'],
  ),
} satisfies Record<string, Schema>;

/** A reference to the record's component, for the route's answer. */
export function recordRef(name: keyof typeof recordSchemas & string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
