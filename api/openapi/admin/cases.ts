import {
  ASSESSMENT_RESULTS,
  ASSURANCE_LEVELS,
  CASE_STAGES,
  FINDING_SEVERITIES,
  REVIEW_VERDICTS,
} from '../../../db/vocabulary.ts';
import type { Schema } from '../builders.ts';
import { field, type BodySchema } from './fields.ts';

/** Request bodies of the staff's case operations (api/workflow/staff-case-ops.ts), by operation name. */
export const caseBodies: Record<string, BodySchema> = {
  'case.open': {
    required: ['kind'],
    properties: {
      kind: field('string', 'application (of a pending certification) or renewal (of an active one).', {
        enum: ['application', 'renewal'],
      }),
    },
  },
  'case.review': {
    required: ['reviews'],
    properties: {
      reviews: field('array', 'A verdict per criterion (code); a finding needs a severity and a comment.', {
        items: {
          type: 'object',
          required: ['criterion', 'verdict'],
          properties: {
            criterion: field('string'),
            verdict: field('string', undefined, { enum: [...REVIEW_VERDICTS] }),
            severity: field('string', 'mandatory blocks a grant; recommended does not.', {
              enum: [...FINDING_SEVERITIES],
            }),
            comment: field('string', undefined, { maxLength: 8000 }),
          },
        },
      }),
    },
  },
  'case.request_changes': {
    required: ['dueAt'],
    properties: {
      dueAt: field(
        'string',
        'The member’s deadline: in the future, within a year. Every member is e-mailed.',
        { format: 'date-time' },
      ),
    },
  },
  'case.grant': {
    required: ['assuranceLevel'],
    properties: {
      assuranceLevel: field(
        'string',
        'One the case’s scheme version allows. reviewed and audited: granted by a staff member other than the reviewer; audited also needs an audit report.',
        { enum: [...ASSURANCE_LEVELS] },
      ),
      reason: field('string', 'Optional note for the event.', { maxLength: 2000 }),
    },
  },
  'case.refuse': {
    required: ['reasons'],
    properties: {
      reasons: field('string', 'Shown to the organisation; the refusal stays private.', {
        minLength: 1,
        maxLength: 2000,
      }),
    },
  },
};

const criterion: Schema = {
  type: 'object',
  required: ['code', 'answer', 'verdict'],
  properties: {
    code: { type: 'string' },
    answer: { type: ['string', 'null'], enum: [...ASSESSMENT_RESULTS, null] },
    explanation: { type: ['string', 'null'] },
    verdict: { type: ['string', 'null'], enum: [...REVIEW_VERDICTS, null] },
    severity: { type: ['string', 'null'], enum: [...FINDING_SEVERITIES, null] },
    comment: { type: ['string', 'null'] },
    evidenceFiles: { type: 'integer', minimum: 0 },
  },
};

const caseDetail: Schema = {
  type: 'object',
  required: ['case', 'certification', 'criteria'],
  properties: {
    case: {
      type: 'object',
      required: ['id', 'kind', 'stage'],
      properties: {
        id: { type: 'integer' },
        kind: { type: 'string' },
        stage: { type: 'string', enum: [...CASE_STAGES] },
      },
    },
    certification: {
      type: 'object',
      properties: { publicId: { type: 'string' }, status: { type: 'string' } },
    },
    criteria: { type: 'array', items: criterion },
    auditReports: { type: 'integer', minimum: 0 },
    objectedKind: {
      type: ['string', 'null'],
      description: 'An objection: the kind of the decision objected to (refused, suspended, revoked).',
    },
  },
};

/** Every case operation answers with the case as it stands after it. */
export const caseResponses: Record<string, Schema> = Object.fromEntries(
  [
    'case.view',
    'case.open',
    'case.start_review',
    'case.review',
    'case.request_changes',
    'case.grant',
    'case.refuse',
  ].map((n) => [n, caseDetail]),
);
