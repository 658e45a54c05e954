import { ASSURANCE_LEVELS, ASSESSMENT_RESULTS } from '../../../db/vocabulary.ts';
import type { Schema } from '../builders.ts';

/** The JSON body of one admin operation: an object schema's `required` and `properties`. */
export interface BodySchema {
  required?: string[];
  properties: Record<string, Schema>;
}

/** A field schema of `type` with an optional description and more keywords. */
export const field = (type: string, description?: string, extra: Schema = {}): Schema => ({
  type,
  ...(description ? { description } : {}),
  ...extra,
});

/** The mandatory reason of every change of state. */
export const reason = field('string', 'Why; mandatory for every change of state (1 to 2000 characters).', {
  minLength: 1,
  maxLength: 2000,
});

export const assuranceLevel = field('string', 'Assurance level.', { enum: [...ASSURANCE_LEVELS] });

export const assessments = field('array', 'Results per criterion (code), at most one each.', {
  items: {
    type: 'object',
    required: ['criterion', 'result'],
    properties: {
      criterion: field('string'),
      result: field('string', undefined, { enum: [...ASSESSMENT_RESULTS] }),
      note: field('string'),
    },
  },
});
