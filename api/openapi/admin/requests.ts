import type { Schema } from '../builders.ts';
import { field, reason, type BodySchema } from './fields.ts';

const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDateTime: Schema = { type: ['string', 'null'], format: 'date-time' };
const nullableString: Schema = { type: ['string', 'null'] };

/** A member's request to the association: a new contact channel or a new legal name / national id. */
const request: Schema = {
  type: 'object',
  required: ['id', 'organisation_id', 'kind', 'payload', 'state', 'requested_by', 'created_at'],
  properties: {
    id: { type: 'integer' },
    organisation_id: { type: 'integer' },
    kind: { type: 'string', enum: ['channel', 'identity'] },
    payload: {
      type: 'object',
      description:
        'channel: `kind`, `value` (normalised), `label`; identity: `legalName` and/or `registryId`, `note`.',
    },
    state: { type: 'string', enum: ['pending', 'approved', 'refused'] },
    requested_by: { type: 'string' },
    member_user_id: { type: ['integer', 'null'] },
    created_at: dateTime,
    decided_at: nullableDateTime,
    decided_by: nullableString,
    reason: nullableString,
  },
};

/** Request bodies of the request decisions, by operation name. */
export const requestBodies: Record<string, BodySchema> = {
  'organisation.request.approve': {
    properties: { reason: field('string', 'An optional note the member is sent.') },
  },
  'organisation.request.refuse': { required: ['reason'], properties: { reason } },
};

/** What the request operations answer, by operation name. */
export const requestResponses: Record<string, Schema> = {
  'organisation.requests.list': {
    type: 'object',
    required: ['requests'],
    properties: { requests: { type: 'array', items: request } },
  },
  'organisation.request.approve': request,
  'organisation.request.refuse': request,
  'organisation.member_activity': {
    type: 'object',
    required: ['activity'],
    properties: {
      activity: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'occurred_at', 'actor', 'action', 'outcome'],
          properties: {
            id: { type: 'integer' },
            occurred_at: dateTime,
            actor: { type: 'string' },
            action: { type: 'string' },
            outcome: { type: 'string' },
            target: nullableString,
          },
        },
      },
    },
  },
};
