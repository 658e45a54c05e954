import { ERROR_CODES, problemType } from '../../db/errors.ts';
import { ASSURANCE_LEVELS, PUBLIC_STATUSES, PUBLIC_ID_PATTERN_SOURCE } from '../../db/vocabulary.ts';
import { enumOf, type Schema } from './builders.ts';

/** Schemas shared by several resources; each resource module adds its own to `components`. */

/** The effective status of a public certification, `expired` included (applications are private). */
export const status = enumOf(PUBLIC_STATUSES);

/** How much was checked. */
export const assuranceLevel = enumOf(ASSURANCE_LEVELS);

/** A certification's stable public id, as in badge and verify URLs. */
export const publicId: Schema = { type: 'string', pattern: `^${PUBLIC_ID_PATTERN_SOURCE}$` };

/** The part of a certification every listing shows. */
export const certificationCore: Schema = {
  type: 'object',
  properties: {
    publicId,
    scheme: { type: 'string' },
    status,
    assuranceLevel,
    validFrom: { type: ['string', 'null'], format: 'date-time' },
    validUntil: { type: ['string', 'null'], format: 'date-time' },
  },
};

export const sharedSchemas: Record<string, Schema> = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status'],
    properties: {
      // One entry per code of the error catalogue (db/errors/): a client can switch on `type`.
      type: { type: 'string', format: 'uri', enum: ERROR_CODES.map(problemType) },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      field: { type: 'string' },
    },
  },
  Localised: {
    type: 'object',
    required: ['nl', 'en'],
    properties: { nl: { type: 'string' }, en: { type: 'string' }, fr: { type: 'string' } },
  },
};
