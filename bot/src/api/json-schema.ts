/**
 * Small builders for the JSON Schemas of the API's answers in the OpenAPI document, shared by the
 * document's parts so each writes a schema the same way.
 */
export type Schema = Record<string, unknown>;

/** A reference to a named schema in the document's components. */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A string, with any further keywords (format, enum, maxLength …). */
export const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });

/** A closed object: the named properties, the required ones, nothing else. */
export const obj = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
