import { cursor, limit, ok, page, pathParam, query, readProblems, ref, type Schema } from './builders.ts';
import { certificationCore, publicId, status } from './components.ts';

/** The certification list and one certification by public id. */
export const certificationPaths = {
  '/api/v1/certifications': {
    get: {
      operationId: 'listCertifications',
      summary: 'Certifications',
      parameters: [
        query('scheme', 'Scheme slug.'),
        query('status', 'Effective status.', status),
        cursor,
        limit(200),
      ],
      responses: { '200': ok(page('Certification')), ...readProblems },
    },
  },
  '/api/v1/certifications/{publicId}': {
    get: {
      operationId: 'getCertification',
      summary: 'One certification by its public id',
      parameters: [pathParam('publicId', 'Public id, as in badge URLs', publicId)],
      responses: { '200': ok(ref('Certification')), ...readProblems },
    },
  },
};

export const certificationSchemas: Record<string, Schema> = {
  Certification: {
    allOf: [
      certificationCore,
      {
        type: 'object',
        properties: {
          organisation: {
            type: 'object',
            properties: {
              slug: { type: 'string' },
              legalName: { type: 'string' },
              city: { type: 'string' },
              country: { type: 'string' },
            },
          },
        },
      },
    ],
  },
};
