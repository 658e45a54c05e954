/** The OpenAPI 3.1 description of the keyless public read API and the open-data downloads. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const problems = {
  '400': {
    description: 'Invalid input',
    content: { 'application/problem+json': { schema: ref('Problem') } },
  },
  '404': { description: 'Not found', content: { 'application/problem+json': { schema: ref('Problem') } } },
};
const ok = (schema: object, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const page = (item: string) => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page.' },
  },
});
const status = { type: 'string', enum: ['pending', 'active', 'suspended', 'revoked', 'expired'] };
const cursor = q('cursor', 'Opaque cursor from the previous page.');
const limit = (max: number) =>
  q('limit', `Page size, 1 to ${max}.`, { type: 'integer', minimum: 1, maximum: max });

const certification = {
  type: 'object',
  properties: {
    publicId: { type: 'string' },
    scheme: { type: 'string' },
    status,
    assuranceLevel: { type: 'string', enum: ['self_declared', 'reviewed', 'audited'] },
    validFrom: { type: ['string', 'null'], format: 'date-time' },
    validUntil: { type: ['string', 'null'], format: 'date-time' },
  },
};

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keurmerk registry — public API',
      version: '1.0.0',
      description:
        'Keyless, read-only access to the certification registry. Data licence: CC BY 4.0. CORS is open. ' +
        'Lists are cursor-paged: follow `nextCursor` (also given as a `Link: rel="next"` header). ' +
        '`expired` is derived from `validUntil` at the time of the request. Errors are RFC 9457 problem+json.',
      license: { name: 'CC BY 4.0 (data)', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/v1/organisations': {
        get: {
          operationId: 'listOrganisations',
          summary: 'Search organisations',
          description:
            'Searches names and trade names (fuzzy), KvK/KBO numbers, website domains and phone numbers.',
          parameters: [
            q('q', 'Name, trade name, KvK or KBO number, domain or phone number; up to 200 characters.'),
            q('scheme', 'Scheme slug, e.g. `ksf-service-promises`.'),
            q('status', 'Effective status of a certification.', status),
            q('country', 'Country of registration.', { type: 'string', enum: ['NL', 'BE'] }),
            q('sector', 'Sector, exactly as listed.'),
            q('outsourced', 'Outsourced contact centre (BPO).', { type: 'string', enum: ['true', 'false'] }),
            q('sort', 'Order of results; relevance needs `q`.', {
              type: 'string',
              enum: ['relevance', 'name'],
            }),
            cursor,
            limit(100),
          ],
          responses: {
            '200': ok({
              ...page('OrganisationSummary'),
              properties: {
                ...page('OrganisationSummary').properties,
                matchedBy: {
                  type: ['string', 'null'],
                  enum: ['registry_id', 'phone', 'domain', 'name', null],
                },
              },
            }),
            ...problems,
          },
        },
      },
      '/api/v1/organisations/{slug}': {
        get: {
          operationId: 'getOrganisation',
          summary: 'One organisation with domains, channels, certifications, criteria results and history',
          parameters: [path('slug', 'Organisation slug')],
          responses: { '200': ok(ref('Organisation')), ...problems },
        },
      },
      '/api/v1/certifications': {
        get: {
          operationId: 'listCertifications',
          summary: 'Certifications',
          parameters: [
            q('scheme', 'Scheme slug.'),
            q('status', 'Effective status.', status),
            cursor,
            limit(200),
          ],
          responses: { '200': ok(page('Certification')), ...problems },
        },
      },
      '/api/v1/certifications/{publicId}': {
        get: {
          operationId: 'getCertification',
          summary: 'One certification by its public id',
          parameters: [path('publicId', 'Public id, as in badge URLs')],
          responses: { '200': ok(ref('Certification')), ...problems },
        },
      },
      '/api/v1/schemes': {
        get: {
          operationId: 'listSchemes',
          summary: 'Schemes with their number of active certifications',
          responses: {
            '200': ok({
              type: 'object',
              properties: { data: { type: 'array', items: ref('SchemeSummary') } },
            }),
          },
        },
      },
      '/api/v1/schemes/{slug}': {
        get: {
          operationId: 'getScheme',
          summary: 'One scheme with its criteria',
          parameters: [path('slug', 'Scheme slug')],
          responses: { '200': ok(ref('Scheme')), ...problems },
        },
      },
      '/api/v1/changes': {
        get: {
          operationId: 'listChanges',
          summary: 'Public change log, newest first',
          parameters: [
            q('kind', 'Kind of change.', {
              type: 'string',
              enum: ['granted', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired'],
            }),
            q('scheme', 'Scheme slug.'),
            cursor,
            limit(200),
          ],
          responses: { '200': ok(page('Change')), ...problems },
        },
      },
      '/api/v1/verify': {
        post: {
          operationId: 'verifyBadge',
          summary: 'Verify a badge or credential offline-style: signature, key, dates, status list, registry',
          description:
            'Send the compact JWT (text/plain, application/jwt or JSON `{"token": …}`), a baked badge ' +
            '(image/svg+xml or image/png), or `{"url": …}` naming one of this registry\'s own badge URLs. ' +
            'No other host is ever fetched. At most 1 MB. `verdict` is `valid` only when every check passed.',
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string', description: 'Compact JWS (VC-JWT)' } },
              'application/jwt': { schema: { type: 'string' } },
              'application/vc+jwt': { schema: { type: 'string' } },
              'application/json': {
                schema: {
                  oneOf: [
                    { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
                    {
                      type: 'object',
                      required: ['url'],
                      properties: { url: { type: 'string', maxLength: 2000 } },
                    },
                  ],
                },
              },
              'image/svg+xml': { schema: { type: 'string' } },
              'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
            },
          },
          responses: {
            '200': ok(ref('VerifyReport')),
            '400': problems['400'],
            '413': {
              description: 'Body larger than 1 MB',
              content: { 'application/problem+json': { schema: ref('Problem') } },
            },
            '415': {
              description: 'Unsupported media type',
              content: { 'application/problem+json': { schema: ref('Problem') } },
            },
            '429': {
              description:
                'rate_limited: this client network (IPv4 /24, IPv6 /56) sent more than VERIFY_RATE_LIMIT requests a minute; see Retry-After',
              headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
              content: { 'application/problem+json': { schema: ref('Problem') } },
            },
            '503': {
              description: 'verify_busy: too many badge files are waiting to be read; see Retry-After',
              headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
              content: { 'application/problem+json': { schema: ref('Problem') } },
            },
          },
        },
      },
      '/api/v1/verify/{publicId}': {
        get: {
          operationId: 'verifyCertification',
          summary: "The registry's verdict on a certification by public id (no credential checked)",
          parameters: [path('publicId', 'Public id, as in badge URLs')],
          responses: { '200': ok(ref('VerifyReport')), ...problems },
        },
      },
      '/api/v1/channels/lookup': {
        get: {
          operationId: 'lookUpChannel',
          summary: 'Whose official contact channel is this phone number, e-mail address or web address?',
          description: 'Exactly one of `phone`, `email` or `url`.',
          parameters: [
            q('phone', 'Phone number in any common spelling (at most 40 characters).'),
            q('email', 'E-mail address; its domain is looked up (at most 320 characters).'),
            q('url', 'Web address; its host and parent domains are looked up (at most 2000 characters).'),
          ],
          responses: { '200': ok(ref('ChannelLookup')), '400': problems['400'] },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/open-data/registry.json': {
        get: {
          operationId: 'downloadJson',
          summary: 'Whole registry as JSON (streamed)',
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/open-data/registry.csv': {
        get: {
          operationId: 'downloadCsv',
          summary: 'Whole registry as CSV, one row per certification (streamed)',
          responses: {
            '200': { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        VerifyReport: {
          type: 'object',
          required: ['verdict', 'reasons', 'checks', 'checkedAt', 'organisation', 'certification'],
          properties: {
            verdict: {
              type: 'string',
              enum: ['valid', 'invalid', 'revoked', 'suspended', 'expired', 'not_yet_valid'],
            },
            reasons: { type: 'array', items: { type: 'string' } },
            checks: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'ok', 'detail'],
                properties: { name: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } },
              },
            },
            source: { type: 'string', description: 'What was sent (POST only): jwt, svg, png or url.' },
            checkedAt: { type: 'string', format: 'date-time' },
            credential: {
              type: ['object', 'null'],
              description: 'Facts read from the credential (POST only).',
            },
            organisation: {
              type: ['object', 'null'],
              properties: {
                name: { type: 'string' },
                slug: { type: 'string' },
                country: { type: 'string' },
                city: { type: 'string' },
                domains: { type: 'array', items: { type: 'string' } },
                url: { type: 'string', format: 'uri' },
              },
            },
            certification: {
              type: ['object', 'null'],
              properties: {
                publicId: { type: 'string' },
                scheme: {
                  type: 'object',
                  properties: { slug: { type: 'string' }, name: ref('Localised') },
                },
                status,
                assuranceLevel: { type: 'string' },
                validFrom: { type: ['string', 'null'], format: 'date-time' },
                validUntil: { type: ['string', 'null'], format: 'date-time' },
                verifyUrl: { type: 'string', format: 'uri' },
              },
            },
          },
        },
        ChannelLookup: {
          type: 'object',
          required: ['query', 'found', 'matches', 'message'],
          properties: {
            query: {
              type: 'object',
              properties: {
                kind: { type: 'string', enum: ['phone', 'email', 'url'] },
                input: { type: 'string' },
                normalised: { type: 'array', items: { type: 'string' } },
              },
            },
            found: { type: 'boolean' },
            matches: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  kind: { type: 'string' },
                  value: { type: 'string' },
                  label: { type: ['string', 'null'] },
                  match: { type: 'string', enum: ['exact', 'parent_domain'] },
                  organisation: { type: 'object' },
                  certifications: { type: 'array', items: { type: 'object' } },
                },
              },
            },
            message: { type: 'string' },
          },
        },
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            field: { type: 'string' },
          },
        },
        Localised: {
          type: 'object',
          required: ['nl', 'en'],
          properties: { nl: { type: 'string' }, en: { type: 'string' }, fr: { type: 'string' } },
        },
        OrganisationSummary: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            legalName: { type: 'string' },
            tradeNames: { type: 'array', items: { type: 'string' } },
            country: { type: 'string', enum: ['NL', 'BE'] },
            registryId: { type: 'string' },
            city: { type: 'string' },
            sector: { type: ['string', 'null'] },
            outsourcedContactCentre: { type: 'boolean' },
            certifications: { type: 'array', items: certification },
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
                contactChannels: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      kind: { type: 'string', enum: ['phone', 'email_domain', 'whatsapp', 'chat_url'] },
                      value: { type: 'string' },
                      label: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
          ],
        },
        Certification: {
          allOf: [
            certification,
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
        SchemeSummary: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            name: ref('Localised'),
            ownerName: { type: 'string' },
            country: { type: 'string' },
            criteria: { type: 'integer' },
            active: { type: 'integer' },
          },
        },
        Scheme: {
          type: 'object',
          properties: {
            slug: { type: 'string' },
            name: ref('Localised'),
            description: ref('Localised'),
            owner: { type: 'object', properties: { name: { type: 'string' }, url: { type: 'string' } } },
            country: { type: 'string' },
            inForceFrom: { type: 'string', format: 'date' },
            validityMonths: { type: 'integer' },
            criteria: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  position: { type: 'integer' },
                  title: ref('Localised'),
                  description: ref('Localised'),
                },
              },
            },
          },
        },
        Change: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            kind: { type: 'string' },
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
      },
    },
  };
}
