import { obj, ref, str, type Schema } from './json-schema';

/** The answer of `searchPeople` in the OpenAPI document; the API tests check real answers against it. */
export const peopleSchemas = {
  PersonChoice: obj(
    {
      id: str({ description: 'Entra object id.' }),
      name: str(),
      mail: str({ description: "From the directory's basic profile, to tell namesakes apart." }),
      source: str({
        enum: ['directory', 'sluice'],
        description: 'Found in the directory, or among the coaches and givers the sluice knows.',
      }),
    },
    ['id', 'name', 'source'],
  ),
  PeopleSearchResponse: obj(
    {
      directory: str({
        enum: ['searched', 'off', 'unavailable'],
        description: 'Whether the directory was searched; when not, only people the sluice already knows are offered.',
      }),
      people: { type: 'array', items: ref('PersonChoice'), maxItems: 10 },
    },
    ['directory', 'people'],
  ),
} satisfies Record<string, Schema>;

/** A reference to one of the people schemas, for a route's answer. */
export function peopleRef(name: keyof typeof peopleSchemas): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
