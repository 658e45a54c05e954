import type { Schema } from '../builders.ts';
import { LANGUAGES } from '../../../db/vocabulary.ts';
import { MEMBER_ROLES } from '../../../db/member/memberships.ts';
import { field, type BodySchema } from './fields.ts';

const memberRole = { type: 'string', enum: [...MEMBER_ROLES] } as const;
const dateTime: Schema = { type: 'string', format: 'date-time' };

/** Request bodies of the member operations staff use, by operation name. */
export const memberBodies: Record<string, BodySchema> = {
  'member.invite': {
    required: ['email'],
    properties: {
      email: field('string', 'The address the invitation goes to.'),
      role: field('string', 'owner (default) or editor.', { enum: [...MEMBER_ROLES] }),
      language: field('string', 'Language of the invitation for a person new to the registry (default nl).', {
        enum: [...LANGUAGES],
      }),
    },
  },
};

/** What the member operations staff use answer, by operation name. */
export const memberResponses: Record<string, Schema> = {
  'member.invite': {
    type: 'object',
    required: ['organisation', 'email', 'role', 'expiresAt'],
    properties: {
      organisation: { type: 'string' },
      email: { type: 'string' },
      role: memberRole,
      expiresAt: dateTime,
    },
  },
  'member.list': {
    type: 'object',
    required: ['members', 'invitations'],
    properties: {
      members: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'email', 'name', 'role', 'since'],
          properties: {
            id: { type: 'integer' },
            email: { type: 'string' },
            name: { type: 'string' },
            role: memberRole,
            since: dateTime,
          },
        },
      },
      invitations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['email', 'role', 'expiresAt'],
          properties: { email: { type: 'string' }, role: memberRole, expiresAt: dateTime },
        },
      },
    },
  },
};
