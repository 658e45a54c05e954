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
      publicId: { type: 'string' },
      scheme: { type: 'string' },
      organisation: {
        type: 'object',
        properties: { slug: { type: 'string' }, legalName: { type: 'string' } },
      },
    },
  },
};
