import { obj, ref, str, type Schema } from './json-schema';

/** The answers of the support routes in the OpenAPI document; the API tests check real answers against them. */
export const supportSchemas = {
  HelpOffer: obj(
    {
      helper: obj({ id: str(), name: str() }, ['id', 'name']),
      note: str(),
      at: str({ format: 'date-time' }),
      chat: obj(
        {
          url: str({ description: 'https://teams.microsoft.com/l/chat/0/0?users=…&topicName=… with the known addresses.' }),
          missing: { type: 'array', items: str(), description: 'Names whose address the directory does not know.' },
        },
        ['missing'],
      ),
    },
    ['helper', 'note', 'at'],
  ),
  SupportResponse: obj(
    {
      ideaId: str(),
      count: { type: 'integer', minimum: 0 },
      mine: { type: 'boolean' },
      refusal: str({ enum: ['ownIdea', 'closed'], description: 'Why the caller may not support the idea or offer help.' }),
      offered: { type: 'boolean' },
      helpers: { type: 'array', items: ref('HelpOffer') },
    },
    ['ideaId', 'count', 'mine', 'offered', 'helpers'],
  ),
} satisfies Record<string, Schema>;

/** A reference to one of the support schemas, for a route's answer. */
export function supportRef(name: keyof typeof supportSchemas): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
