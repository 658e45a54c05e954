import { assessments, assuranceLevel, field, reason, type BodySchema } from './fields.ts';

/** Request bodies of the certification operations, by operation name. */
export const certificationBodies: Record<string, BodySchema> = {
  'certification.create': {
    required: ['organisation', 'scheme', 'assuranceLevel', 'reason'],
    properties: {
      organisation: field('string', 'Organisation slug.'),
      scheme: field('string', 'Scheme slug.'),
      assuranceLevel,
      reason,
    },
  },
  'certification.assess': { required: ['assessments'], properties: { assessments } },
  'certification.grant': { required: ['reason'], properties: { reason, assuranceLevel, assessments } },
  'certification.renew': { required: ['reason'], properties: { reason, assuranceLevel, assessments } },
  'certification.suspend': {
    required: ['reason'],
    properties: {
      reason,
      findings: field(
        'array',
        'Mandatory findings: with `deadline`, the suspension opens a remediation case.',
        {
          items: {
            type: 'object',
            required: ['criterion', 'comment'],
            properties: {
              criterion: field('string'),
              comment: field('string', undefined, { maxLength: 8000 }),
            },
          },
          maxItems: 100,
        },
      ),
      deadline: field(
        'string',
        'Remediation deadline (ISO date or date-time), after today and within a year.',
      ),
    },
  },
  'case.decide': {
    required: ['outcome', 'reasons'],
    properties: {
      outcome: field('string', 'Remediation: reinstated | revoked. Objection: upheld | rejected.', {
        enum: ['reinstated', 'revoked', 'upheld', 'rejected'],
      }),
      reasons: field('string', 'Why; shown to the member.', { minLength: 1, maxLength: 2000 }),
    },
  },
  'certification.reinstate': { required: ['reason'], properties: { reason } },
  'certification.revoke': { required: ['reason'], properties: { reason } },
};
