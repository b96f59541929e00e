import { obj, str, type Schema } from './json-schema';

/** The answers of `exportMyData`, `exportPersonData` and `anonymisePerson` in the OpenAPI document; the API tests check real answers against them. */

const label = obj({ sv: str(), en: str() }, ['sv', 'en']);
const dateTime = str({ format: 'date-time' });

export const personalDataSchemas = {
  PersonalDataExport: obj(
    {
      subject: obj({ id: str(), tenantId: str(), name: str() }, ['id', 'tenantId']),
      sluice: obj({ id: str(), name: str() }, ['id', 'name']),
      producedAt: dateTime,
      kinds: {
        type: 'array',
        description: 'Every kind of item the app can hold about a person, with how many it holds (0 included).',
        items: obj({ kind: str(), store: str(), label, count: { type: 'integer', minimum: 0 } }, ['kind', 'store', 'label', 'count']),
      },
      items: {
        type: 'array',
        description: 'Everything stored, oldest first; `data` is the item as stored (internal hashes and request ids left out).',
        items: obj(
          {
            kind: str(),
            id: str(),
            at: str(),
            idea: obj({ id: str(), number: { type: 'integer', minimum: 1 }, title: str() }, ['id', 'number', 'title']),
            data: { type: 'object' },
          },
          ['kind', 'id', 'data'],
        ),
      },
    },
    ['subject', 'sluice', 'producedAt', 'kinds', 'items'],
  ),
  AnonymiseResponse: obj(
    {
      counts: {
        type: 'array',
        items: obj({ kind: str(), count: { type: 'integer', minimum: 0 }, action: str({ enum: ['anonymised', 'deleted'] }) }, [
          'kind',
          'count',
          'action',
        ]),
      },
      auditEventId: str({ description: 'The audit entry with the legal basis.' }),
    },
    ['counts', 'auditEventId'],
  ),
} satisfies Record<string, Schema>;

/** A reference to one of these components, for a route's answer. */
export function personalDataRef(name: keyof typeof personalDataSchemas & string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
