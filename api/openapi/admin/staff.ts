import { REPORT_STATES } from '../../../db/vocabulary.ts';
import { ROLES } from '../../admin/policy.ts';
import { field, reason, type BodySchema } from './fields.ts';

const role = field('string', undefined, { enum: [...ROLES] });

/** Request bodies of the staff, token, key and report operations, by operation name. */
export const staffBodies: Record<string, BodySchema> = {
  'report.update': {
    required: ['state'],
    properties: { state: field('string', undefined, { enum: [...REPORT_STATES] }), note: field('string') },
  },
  'key.rotate': { required: ['reason'], properties: { reason } },
  'staff.create': {
    required: ['email', 'displayName', 'role', 'password'],
    properties: {
      email: field('string'),
      displayName: field('string'),
      role,
      password: field('string', 'At least 12 characters, not a common password.', { writeOnly: true }),
    },
  },
  'staff.update': { properties: { role, displayName: field('string'), disabled: field('boolean') } },
  'staff.password_reset': {
    required: ['password'],
    properties: { password: field('string', undefined, { writeOnly: true }) },
  },
  'token.create': {
    required: ['name', 'role'],
    properties: {
      name: field('string'),
      role,
      expiresAt: field('string', undefined, { format: 'date-time' }),
    },
  },
};
