import { ok, pathParam, readProblems, ref, type Schema } from './builders.ts';
import { changeNote, schemeDefinition } from './scheme-definition.ts';
import { ASSURANCE_LEVELS } from '../../db/vocabulary.ts';

const codes: Schema = { type: 'array', items: { type: 'string' } };

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
      summary: 'One scheme: its current version with criteria, and every published version with what changed',
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
      version: { type: 'integer', minimum: 1, description: 'The current published version.' },
      publishedAt: { type: 'string', format: 'date-time' },
      renewalGraceDays: { type: 'integer' },
      objectionPeriodDays: { type: 'integer' },
      assuranceLevels: { type: 'array', items: { type: 'string', enum: [...ASSURANCE_LEVELS] } },
      versions: {
        type: 'array',
        description: 'Published versions, newest first. Drafts are never public.',
        items: {
          type: 'object',
          required: ['version', 'publishedAt', 'definition'],
          properties: {
            version: { type: 'integer', minimum: 1 },
            publishedAt: { type: 'string', format: 'date-time' },
            transitionDate: {
              type: ['string', 'null'],
              format: 'date-time',
              description: 'Certifications on an earlier version not re-assessed by then expire.',
            },
            changeNote: { oneOf: [changeNote, { type: 'null' }] },
            changes: {
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  description:
                    'Against the version before: criterion codes added, removed, reworded; settings changed.',
                  properties: { added: codes, removed: codes, reworded: codes, settings: codes },
                },
              ],
            },
            definition: schemeDefinition,
          },
        },
      },
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
