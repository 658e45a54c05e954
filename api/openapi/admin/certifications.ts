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
  'certification.suspend': { required: ['reason'], properties: { reason } },
  'certification.reinstate': { required: ['reason'], properties: { reason } },
  'certification.revoke': { required: ['reason'], properties: { reason } },
};
