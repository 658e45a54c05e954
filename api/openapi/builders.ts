/**
 * Small builders for OpenAPI 3.1 fragments, so each resource module reads as its description
 * rather than as JSON plumbing. Schemas are plain JSON Schema 2020-12 objects.
 */
export type Schema = Record<string, unknown>;

/** A reference to a shared schema in `components.schemas`. */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A string enum taken from one of the vocabulary lists (copied: the document is plain JSON). */
export const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });

/** An optional query parameter (a string unless `schema` says otherwise). */
export const query = (name: string, description: string, schema: Schema = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** A required path parameter. */
export const pathParam = (name: string, description: string, schema: Schema = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

/** A JSON 200 answer. */
export const ok = (schema: Schema, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

/** An RFC 9457 problem answer; every error shares the one `Problem` schema. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/** The errors every public read may answer. */
export const readProblems = { '400': problem('Invalid input'), '404': problem('Not found') };

/** A cursor-paged list of `item`. */
export const page = (item: string, extra: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page.' },
    ...extra,
  },
});

/** The `cursor` query parameter of every paged list. */
export const cursor = query('cursor', 'Opaque cursor from the previous page.');

/** The `limit` query parameter, 1 to `max`. */
export const limit = (max: number) =>
  query('limit', `Page size, 1 to ${max}.`, { type: 'integer', minimum: 1, maximum: max });
