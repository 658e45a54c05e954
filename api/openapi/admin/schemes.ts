import type { Schema } from '../builders.ts';
import { changeNote, schemeDefinition } from '../scheme-definition.ts';
import { field, type BodySchema } from './fields.ts';

/** Request bodies of the scheme editor, by operation name. */
export const schemeBodies: Record<string, BodySchema> = {
  'scheme.create': {
    required: [...(schemeDefinition['required'] as string[]), 'slug'],
    properties: {
      slug: field('string', 'Lower-case words joined by hyphens; never changes.', {
        pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      }),
      ...(schemeDefinition['properties'] as Record<string, Schema>),
    },
  },
  'scheme.edit': { required: ['definition'], properties: { definition: schemeDefinition, changeNote } },
  'scheme.publish': {
    properties: {
      transitionDate: field(
        'string',
        'Required when members are certified on an earlier version: at least 30 days ahead. Those not re-assessed by then expire.',
        { format: 'date-time' },
      ),
    },
  },
};

const nullableDate: Schema = { type: ['string', 'null'], format: 'date-time' };

const version: Schema = {
  type: 'object',
  required: ['version', 'state', 'definition'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    state: { type: 'string', enum: ['draft', 'published'] },
    definition: schemeDefinition,
    changeNote: { oneOf: [changeNote, { type: 'null' }] },
    transitionDate: nullableDate,
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    publishedBy: { type: ['string', 'null'] },
    publishedAt: nullableDate,
  },
};

const scheme: Schema = {
  type: 'object',
  required: ['slug', 'currentVersion', 'draftVersion', 'versions'],
  properties: {
    slug: { type: 'string' },
    name: { type: 'object' },
    currentVersion: {
      type: ['integer', 'null'],
      description: 'Null while only a draft exists (not public).',
    },
    draftVersion: { type: ['integer', 'null'] },
    versions: { type: 'array', items: version, description: 'Newest first, drafts included.' },
  },
};

/** What the scheme editor's operations answer. */
export const schemeResponses: Record<string, Schema> = {
  'scheme.list': { type: 'array', items: scheme },
  'scheme.get': scheme,
  'scheme.create': scheme,
  'scheme.draft': scheme,
  'scheme.edit': scheme,
  'scheme.publish': {
    ...scheme,
    properties: {
      ...(scheme['properties'] as Record<string, Schema>),
      members: {
        type: 'integer',
        description: 'Certifications that must be re-assessed by the transition date.',
      },
    },
  },
};
