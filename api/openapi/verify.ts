import { CHECK_NAMES } from '../../badges/verify/checks.ts';
import { ok, pathParam, problem, readProblems, ref, type Schema } from './builders.ts';
import { publicId, status } from './components.ts';

/** A refusal that ends by itself: problem+json with a Retry-After header. */
function retryLater(description: string) {
  return { ...problem(description), headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } } };
}

/** Badge and credential verification, and the registry's verdict by public id. */
export const verifyPaths = {
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
        '400': readProblems['400'],
        '413': problem('Body larger than 1 MB'),
        '415': problem('Unsupported media type'),
        '429': retryLater(
          'rate_limited: this client network (IPv4 /24, IPv6 /56) sent more than VERIFY_RATE_LIMIT requests a minute; see Retry-After',
        ),
        '503': retryLater('verify_busy: too many badge files are waiting to be read; see Retry-After'),
      },
    },
  },
  '/api/v1/verify/{publicId}': {
    get: {
      operationId: 'verifyCertification',
      summary: "The registry's verdict on a certification by public id (no credential checked)",
      parameters: [pathParam('publicId', 'Public id, as in badge URLs', publicId)],
      responses: { '200': ok(ref('VerifyReport')), ...readProblems },
    },
  },
};

export const verifySchemas: Record<string, Schema> = {
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
          properties: {
            name: { type: 'string', enum: [...CHECK_NAMES] },
            ok: { type: 'boolean' },
            detail: { type: 'string' },
          },
        },
      },
      source: { type: 'string', description: 'What was sent (POST only): jwt, svg, png or url.' },
      checkedAt: { type: 'string', format: 'date-time' },
      credential: { type: ['object', 'null'], description: 'Facts read from the credential (POST only).' },
      transparencyLog: {
        type: ['object', 'null'],
        description:
          "The certification's latest change in the transparency log (the `transparency_log` check): `included` with the entry's index, the size of the signed checkpoint that includes it and the c2sp.org/tlog-proof@v1 text; `pending` until the next checkpoint (not a failure); `missing` or `proof_failed` make the verdict invalid. Null for an unknown certification or an application.",
        required: ['state', 'index', 'treeSize', 'proof', 'entry'],
        properties: {
          state: { type: 'string', enum: ['included', 'pending', 'missing', 'proof_failed'] },
          index: { type: ['integer', 'null'], minimum: 0 },
          treeSize: { type: ['integer', 'null'], minimum: 1 },
          proof: { type: ['string', 'null'] },
          entry: {
            type: ['string', 'null'],
            description: 'The entry the proof proves: its exact bytes (RFC 8785 JSON, UTF-8).',
          },
        },
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
            properties: {
              slug: { type: 'string' },
              name: ref('Localised'),
              version: {
                type: 'integer',
                description: 'The scheme version this certification was assessed against.',
              },
              currentVersion: { type: 'integer' },
              transitionDate: {
                type: ['string', 'null'],
                format: 'date-time',
                description:
                  'While assessed against an older version: re-assessment is due by then, or it expires.',
              },
            },
          },
          status,
          assuranceLevel: { type: 'string' },
          validFrom: { type: ['string', 'null'], format: 'date-time' },
          validUntil: { type: ['string', 'null'], format: 'date-time' },
          renewalUnderReview: {
            type: 'boolean',
            description:
              'Valid in the grace period of a renewal under review: validUntil is the end of the grace period.',
          },
          verifyUrl: { type: 'string', format: 'uri' },
        },
      },
    },
  },
};
