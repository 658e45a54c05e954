import { ASSURANCE_LEVELS, CERTIFICATION_STATUSES } from '../../../db/vocabulary.ts';
import type { Schema } from '../builders.ts';
import { publicId } from '../components.ts';
import { ROLES } from '../../admin/policy.ts';

// What a successful admin operation answers, by operation name. Operations not listed answer
// some JSON object; the ones listed here are those whose shape clients and tests rely on.

const dateTime = (nullable = false): Schema => ({
  type: nullable ? ['string', 'null'] : 'string',
  format: 'date-time',
});
const role: Schema = { type: 'string', enum: [...ROLES] };
const list = (items: Schema): Schema => ({ type: 'array', items });
const page = (items: Schema = { type: 'object' }): Schema => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: { data: list(items), nextCursor: { type: ['string', 'null'] } },
});

const certificationRow: Schema = {
  type: 'object',
  required: ['publicId', 'organisation', 'scheme', 'status', 'assuranceLevel'],
  properties: {
    publicId,
    organisation: { type: 'object', properties: { slug: { type: 'string' }, legalName: { type: 'string' } } },
    scheme: { type: 'string' },
    status: { type: 'string', enum: [...CERTIFICATION_STATUSES] },
    assuranceLevel: { type: 'string', enum: [...ASSURANCE_LEVELS] },
    validFrom: dateTime(true),
    validUntil: dateTime(true),
    updatedAt: dateTime(true),
  },
};

const certification: Schema = {
  ...certificationRow,
  required: [...(certificationRow['required'] as string[]), 'version', 'criteria', 'events', 'credential'],
  properties: {
    ...(certificationRow['properties'] as Schema),
    version: { type: 'integer' },
    criteria: list({ type: 'object' }),
    events: list({
      type: 'object',
      required: ['id', 'kind', 'toStatus', 'actor', 'reason', 'occurredAt', 'hash'],
      properties: { fromStatus: { type: ['string', 'null'] }, toStatus: { type: 'string' } },
    }),
    credential: { type: ['object', 'null'] },
  },
};

/** A staff account as the API shows it: never a password or its hash, hence no other fields. */
const staff: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'email', 'displayName', 'role', 'disabled'],
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    displayName: { type: 'string' },
    role,
    disabled: { type: 'boolean' },
    lockedUntil: dateTime(true),
    failedLogins: { type: 'integer' },
    lastLoginAt: dateTime(true),
    passwordChangedAt: dateTime(true),
    createdAt: dateTime(true),
  },
};

const token: Schema = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    role,
    token: { type: 'string', description: 'The secret, shown once when the token is created.' },
  },
};

/** An outbox message: facts and a preview with every secret (sign-in, invitation link) withheld. */
const outboxMessage: Schema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'messageId',
    'to',
    'language',
    'template',
    'status',
    'attempts',
    'createdAt',
    'withheld',
    'preview',
  ],
  properties: {
    id: { type: 'integer' },
    messageId: { type: 'string', description: 'The Message-ID header; the same on every resend.' },
    to: { type: 'string' },
    language: { type: 'string', enum: ['nl', 'en', 'fr'] },
    template: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sent', 'failed'] },
    attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
    createdAt: dateTime(),
    nextAttemptAt: dateTime(true),
    sentAt: dateTime(true),
    withheld: { type: 'boolean', description: 'The message carries secret values, shown as "withheld".' },
    preview: {
      type: 'object',
      description: 'Subject and plain text as sent, secrets withheld; or why it cannot be rendered.',
      properties: { subject: { type: 'string' }, text: { type: 'string' }, error: { type: 'string' } },
    },
  },
};

export const adminResponses: Record<string, Schema> = {
  'certification.list': page(certificationRow),
  'certification.get': certification,
  'certification.create': certification,
  'certification.assess': certification,
  'certification.grant': certification,
  'certification.renew': certification,
  'certification.suspend': certification,
  'certification.reinstate': certification,
  'certification.revoke': certification,
  'case.queue': {
    type: 'object',
    required: ['data'],
    properties: {
      data: list({
        type: 'object',
        properties: {
          id: { type: 'integer' },
          kind: { type: 'string', enum: ['application', 'renewal', 'remediation', 'objection'] },
          stage: { type: 'string' },
          certification: { type: 'string' },
          organisation: { type: 'string' },
          openedAt: dateTime(),
          updatedAt: dateTime(),
          dueAt: dateTime(true),
          overdue: { type: 'boolean', description: 'A remediation past its deadline: first in the queue.' },
        },
      }),
    },
  },
  'case.decide': {
    type: 'object',
    properties: { id: { type: 'integer' }, stage: { type: 'string' }, outcome: { type: ['string', 'null'] } },
  },
  'event.list': page(),
  'report.list': page(),
  'audit.list': page(),
  'key.list': list({ type: 'object' }),
  'staff.list': list(staff),
  'staff.create': staff,
  'staff.update': staff,
  'staff.password_reset': staff,
  'staff.unlock': staff,
  'token.list': list(token),
  'token.create': token,
  'token.revoke': token,
  'outbox.list': page(outboxMessage),
};
