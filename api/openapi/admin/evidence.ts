import type { Schema } from '../builders.ts';
import { field, type BodySchema } from './fields.ts';
import { EVIDENCE_MEDIA_TYPES, EVIDENCE_PURPOSES } from '../../../db/vocabulary.ts';

const evidenceFile: Schema = {
  type: 'object',
  required: ['id', 'purpose', 'fileName', 'mediaType', 'sizeBytes', 'sha256', 'uploadedBy', 'uploadedAt'],
  properties: {
    id: { type: 'integer' },
    criterionId: { type: ['integer', 'null'] },
    purpose: { type: 'string', enum: [...EVIDENCE_PURPOSES] },
    fileName: { type: 'string' },
    mediaType: { type: 'string', enum: [...EVIDENCE_MEDIA_TYPES] },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    uploadedBy: { type: 'string' },
    uploadedAt: { type: 'string', format: 'date-time' },
  },
};

/** What the evidence operations answer, by operation name. */
export const evidenceResponses: Record<string, Schema> = {
  'case.evidence.list': {
    type: 'object',
    required: ['case', 'files'],
    properties: { case: { type: 'object' }, files: { type: 'array', items: evidenceFile } },
  },
};

/**
 * Operations whose success is a file, not JSON: the evidence download, always an attachment of
 * the type the registry sniffed from the bytes.
 */
export const fileResponses: Record<string, Record<string, unknown>> = {
  'case.evidence.download': Object.fromEntries(
    EVIDENCE_MEDIA_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
  ),
};

/** Request bodies of the access decisions, by operation name. */
export const accessBodies: Record<string, BodySchema> = {
  'organisation.access.decide': {
    required: ['decision'],
    properties: {
      decision: field('string', 'grant or decline.', { enum: ['grant', 'decline'] }),
      role: field('string', 'On a grant: editor (default) or owner.', { enum: ['editor', 'owner'] }),
    },
  },
};

/** What the access operations answer, by operation name. */
export const accessResponses: Record<string, Schema> = {
  'organisation.access.list': {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'name', 'email', 'scheme', 'requestedAt'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        email: { type: 'string' },
        scheme: { type: 'string' },
        requestedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
  'organisation.access.decide': {
    type: 'object',
    required: ['request', 'decision', 'role', 'application'],
    properties: {
      request: { type: 'integer' },
      decision: { type: 'string', enum: ['grant', 'decline'] },
      role: { type: ['string', 'null'] },
      application: { type: ['object', 'null'] },
    },
  },
};
