import { ok, pathParam, readProblems, ref, type Schema } from './builders.ts';

/** Schemes and their criteria. */
export const schemePaths = {
  '/api/v1/schemes': {
    get: {
      operationId: 'listSchemes',
      summary: 'Schemes with their number of active certifications',
      responses: {
        '200': ok({ type: 'object', properties: { data: { type: 'array', items: ref('SchemeSummary') } } }),
      },
    },
  },
  '/api/v1/schemes/{slug}': {
    get: {
      operationId: 'getScheme',
      summary: 'One scheme with its criteria',
      parameters: [pathParam('slug', 'Scheme slug')],
      responses: { '200': ok(ref('Scheme')), ...readProblems },
    },
  },
};

export const schemeSchemas: Record<string, Schema> = {
  SchemeSummary: {
    type: 'object',
    properties: {
      slug: { type: 'string' },
      name: ref('Localised'),
      ownerName: { type: 'string' },
      country: { type: 'string' },
      criteria: { type: 'integer' },
      active: { type: 'integer' },
    },
  },
  Scheme: {
    type: 'object',
    properties: {
      slug: { type: 'string' },
      name: ref('Localised'),
      description: ref('Localised'),
      owner: { type: 'object', properties: { name: { type: 'string' }, url: { type: 'string' } } },
      country: { type: 'string' },
      inForceFrom: { type: 'string', format: 'date' },
      validityMonths: { type: 'integer' },
      criteria: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            position: { type: 'integer' },
            title: ref('Localised'),
            description: ref('Localised'),
          },
        },
      },
    },
  },
};
