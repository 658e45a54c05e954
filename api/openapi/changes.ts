import { CHANGE_KINDS } from '../../db/vocabulary.ts';
import { cursor, enumOf, limit, ok, page, query, readProblems, type Schema } from './builders.ts';

/** The public change log. */
export const changePaths = {
  '/api/v1/changes': {
    get: {
      operationId: 'listChanges',
      summary: 'Public change log, newest first',
      parameters: [
        query('kind', 'Kind of change.', enumOf(CHANGE_KINDS)),
        query('scheme', 'Scheme slug.'),
        cursor,
        limit(200),
      ],
      responses: { '200': ok(page('Change')), ...readProblems },
    },
  },
};

export const changeSchemas: Record<string, Schema> = {
  Change: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      kind: enumOf(CHANGE_KINDS),
      occurredAt: { type: 'string', format: 'date-time' },
      reason: { type: ['string', 'null'] },
      publicId: { type: ['string', 'null'], description: 'Null for a published scheme version.' },
      scheme: { type: 'string' },
      schemeVersion: {
        type: ['integer', 'null'],
        description: 'The version published (kind scheme_published); null for certification changes.',
      },
      organisation: {
        type: ['object', 'null'],
        description: 'Null for a published scheme version.',
        properties: { slug: { type: 'string' }, legalName: { type: 'string' } },
      },
    },
  },
};
