import {
  ASSESSMENT_RESULTS,
  ASSURANCE_LEVELS,
  CHANNEL_KINDS,
  COUNTRIES,
  EVENT_KINDS,
  PUBLIC_STATUSES,
} from '../../db/vocabulary.ts';
import {
  cursor,
  enumOf,
  limit,
  ok,
  page,
  pathParam,
  query,
  readProblems,
  ref,
  type Schema,
} from './builders.ts';
import { certificationCore } from './components.ts';

/** Organisation search and the organisation page's data. */
export const organisationPaths = {
  '/api/v1/organisations': {
    get: {
      operationId: 'listOrganisations',
      summary: 'Search organisations',
      description:
        'Searches names and trade names (fuzzy), KvK/KBO numbers, website domains and phone numbers.',
      parameters: [
        query('q', 'Name, trade name, KvK or KBO number, domain or phone number; up to 200 characters.'),
        query('scheme', 'Scheme slug, e.g. `ksf-service-promises`.'),
        query('status', 'Effective status of a certification.', enumOf(PUBLIC_STATUSES)),
        query('country', 'Country of registration.', enumOf(COUNTRIES)),
        query('sector', 'Sector, exactly as listed.'),
        query('outsourced', 'Outsourced contact centre (BPO).', enumOf(['true', 'false'])),
        query('sort', 'Order of results; relevance needs `q`.', enumOf(['relevance', 'name'])),
        cursor,
        limit(100),
      ],
      responses: {
        '200': ok(
          page('OrganisationSummary', {
            matchedBy: { type: ['string', 'null'], enum: ['registry_id', 'phone', 'domain', 'name', null] },
          }),
        ),
        ...readProblems,
      },
    },
  },
  '/api/v1/organisations/{slug}': {
    get: {
      operationId: 'getOrganisation',
      summary: 'One organisation with domains, channels, certifications, criteria results and history',
      parameters: [pathParam('slug', 'Organisation slug')],
      responses: { '200': ok(ref('Organisation')), ...readProblems },
    },
  },
};

export const organisationSchemas: Record<string, Schema> = {
  OrganisationCertification: {
    allOf: [
      certificationCore,
      {
        type: 'object',
        properties: {
          criteria: {
            type: 'array',
            description:
              'Per criterion of the scheme version assessed: its result and what the result rests on ' +
              "(`self_declared`: the organisation's own statement; `reviewed`: desk review of its evidence by " +
              "the association; `audited`: an independent audit). Evidence and reviewers' comments are never published.",
            items: {
              type: 'object',
              required: ['code', 'position', 'result', 'basis'],
              additionalProperties: false,
              properties: {
                code: { type: 'string' },
                position: { type: 'integer' },
                result: { type: ['string', 'null'], enum: [...ASSESSMENT_RESULTS, null] },
                basis: { type: ['string', 'null'], enum: [...ASSURANCE_LEVELS, null] },
              },
            },
          },
          history: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: enumOf(EVENT_KINDS),
                occurredAt: { type: 'string', format: 'date-time' },
                reason: { type: 'string' },
              },
            },
          },
        },
      },
    ],
  },
  OrganisationSummary: {
    type: 'object',
    properties: {
      slug: { type: 'string' },
      legalName: { type: 'string' },
      tradeNames: { type: 'array', items: { type: 'string' } },
      country: enumOf(COUNTRIES),
      registryId: { type: 'string' },
      city: { type: 'string' },
      sector: { type: ['string', 'null'] },
      outsourcedContactCentre: { type: 'boolean' },
      certifications: { type: 'array', items: certificationCore },
    },
  },
  Organisation: {
    allOf: [
      ref('OrganisationSummary'),
      {
        type: 'object',
        properties: {
          website: { type: ['string', 'null'] },
          domains: { type: 'array', items: { type: 'string' } },
          certifications: { type: 'array', items: ref('OrganisationCertification') },
          contactChannels: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                kind: enumOf(CHANNEL_KINDS),
                value: { type: 'string' },
                label: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
    ],
  },
};
