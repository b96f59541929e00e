import { STAGES } from '../domain/stages';
import { obj, ref, str, type Schema } from './json-schema';

/** The answers of `listChallenges` and `createChallenge` in the OpenAPI document; the API tests check real answers against them. */

const stage = str({ enum: [...STAGES] });
const channel = obj({ conversationId: str(), name: str() }, ['conversationId']);

export const challengeSchemas = {
  ChallengeItem: obj(
    {
      id: str(),
      title: str(),
      need: str(),
      department: str({ description: 'The department that owns the need.' }),
      openUntil: str({ format: 'date', description: 'The last day it is open (Europe/Stockholm).' }),
      open: { type: 'boolean', description: 'Whether it takes ideas now.' },
      owner: obj({ id: str(), name: str() }, ['id', 'name']),
      createdAt: str({ format: 'date-time' }),
      closedAt: str({ format: 'date-time' }),
      channels: { type: 'array', items: channel, description: 'Where it was posted; coaches and admins only.' },
      ideas: {
        type: 'array',
        description: 'The ideas that answer it, by number.',
        items: obj({ id: str(), number: { type: 'integer', minimum: 1 }, title: str(), stage, department: str() }, [
          'id',
          'number',
          'title',
          'stage',
          'department',
        ]),
      },
    },
    ['id', 'title', 'need', 'department', 'openUntil', 'open', 'owner', 'createdAt', 'ideas'],
  ),
  ChallengesResponse: obj(
    {
      items: { type: 'array', items: ref('ChallengeItem') },
      canCreate: { type: 'boolean' },
      channels: { type: 'array', items: channel, description: 'Channels the bot knows for the sluice; empty unless canCreate.' },
    },
    ['items', 'canCreate', 'channels'],
  ),
  ChallengeResponse: obj({ challenge: ref('ChallengeItem') }, ['challenge']),
} satisfies Record<string, Schema>;

/** A reference to one of these components, for a route's answer. */
export function challengeRef(name: keyof typeof challengeSchemas & string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
