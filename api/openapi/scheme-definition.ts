import { ASSURANCE_LEVELS } from '../../db/vocabulary.ts';
import type { Schema } from './builders.ts';

// The one description of a scheme version's definition: the admin API takes it, the public API
// and open data show it (db/scheme/definition.ts is what checks it).

const localised = (max: number): Schema => ({
  type: 'object',
  required: ['nl', 'en'],
  properties: {
    nl: { type: 'string', maxLength: max },
    en: { type: 'string', maxLength: max },
    fr: { type: 'string', maxLength: max },
  },
});

export const changeNote: Schema = { ...localised(2000), description: 'What changed, in the staff’s words.' };

export const schemeDefinition: Schema = {
  type: 'object',
  required: ['owner', 'country', 'inForceFrom', 'validityMonths', 'name', 'description', 'criteria'],
  properties: {
    owner: {
      type: 'object',
      required: ['name', 'slug', 'url'],
      properties: {
        name: { type: 'string' },
        slug: { type: 'string' },
        url: { type: 'string', format: 'uri' },
      },
    },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
    inForceFrom: { type: 'string', format: 'date' },
    validityMonths: { type: 'integer', minimum: 1, maximum: 120 },
    renewalGraceDays: { type: 'integer', minimum: 0, maximum: 365, default: 30 },
    objectionPeriodDays: { type: 'integer', minimum: 1, maximum: 365, default: 42 },
    assuranceLevels: { type: 'array', items: { type: 'string', enum: [...ASSURANCE_LEVELS] }, minItems: 1 },
    name: localised(200),
    description: localised(4000),
    criteria: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      description: 'In order; the position is the place in the list.',
      items: {
        type: 'object',
        required: ['code', 'title', 'description'],
        properties: {
          code: { type: 'string', pattern: '^[a-z0-9-]{1,20}$' },
          title: localised(300),
          description: localised(4000),
        },
      },
    },
  },
};
