import type { Route } from '../routes/route.ts';

/**
 * The admin API's part of the OpenAPI document, generated from the admin route table so the
 * description cannot drift from what is served. Request bodies are described per operation.
 */
const s = (type: string, description?: string, extra: Record<string, unknown> = {}) => ({
  type,
  ...(description ? { description } : {}),
  ...extra,
});
const reason = s('string', 'Why; mandatory for every change of state (1 to 2000 characters).', {
  minLength: 1,
  maxLength: 2000,
});
const level = s('string', 'Assurance level.', { enum: ['self_declared', 'reviewed', 'audited'] });
const assessments = s('array', 'Results per criterion (code), at most one each.', {
  items: {
    type: 'object',
    required: ['criterion', 'result'],
    properties: {
      criterion: s('string'),
      result: s('string', undefined, { enum: ['met', 'not_met', 'not_applicable'] }),
      note: s('string'),
    },
  },
});
const role = s('string', undefined, { enum: ['admin', 'assessor', 'viewer'] });
const channelProperties = {
  kind: s('string', undefined, { enum: ['phone', 'email_domain', 'whatsapp', 'chat_url'] }),
  value: s('string'),
  label: s('string'),
};
const organisation = {
  legalName: s('string'),
  tradeNames: s('array', undefined, { items: s('string') }),
  country: s('string', undefined, { enum: ['NL', 'BE'] }),
  registryId: s('string', 'KvK number (NL, 8 digits) or enterprise number (BE, 10 digits, mod 97).'),
  city: s('string'),
  website: s('string'),
  sector: s('string'),
  outsourcedContactCentre: s('boolean'),
  domains: s('array', undefined, { items: s('string') }),
  channels: s('array', undefined, { items: { type: 'object', properties: channelProperties } }),
};

const BODIES: Record<string, { required?: string[]; properties: Record<string, unknown> }> = {
  'organisation.create': {
    required: ['legalName', 'country', 'registryId', 'city'],
    properties: organisation,
  },
  'organisation.update': { properties: organisation },
  'organisation.domain_add': { required: ['hostname'], properties: { hostname: s('string') } },
  'organisation.channel_add': {
    required: ['kind', 'value'],
    properties: channelProperties,
  },
  'organisation.merge': {
    required: ['into', 'reason'],
    properties: { into: s('string', 'Slug of the organisation to keep.'), reason },
  },
  'certification.create': {
    required: ['organisation', 'scheme', 'assuranceLevel', 'reason'],
    properties: {
      organisation: s('string', 'Organisation slug.'),
      scheme: s('string', 'Scheme slug.'),
      assuranceLevel: level,
      reason,
    },
  },
  'certification.assess': { required: ['assessments'], properties: { assessments } },
  'certification.grant': { required: ['reason'], properties: { reason, assuranceLevel: level, assessments } },
  'certification.renew': { required: ['reason'], properties: { reason, assuranceLevel: level, assessments } },
  'certification.suspend': { required: ['reason'], properties: { reason } },
  'certification.reinstate': { required: ['reason'], properties: { reason } },
  'certification.revoke': { required: ['reason'], properties: { reason } },
  'report.update': {
    required: ['state'],
    properties: {
      state: s('string', undefined, { enum: ['open', 'handled', 'dismissed'] }),
      note: s('string'),
    },
  },
  'key.rotate': { required: ['reason'], properties: { reason } },
  'staff.create': {
    required: ['email', 'displayName', 'role', 'password'],
    properties: {
      email: s('string'),
      displayName: s('string'),
      role,
      password: s('string', 'At least 12 characters, not a common password.', { writeOnly: true }),
    },
  },
  'staff.update': { properties: { role, displayName: s('string'), disabled: s('boolean') } },
  'staff.password_reset': {
    required: ['password'],
    properties: { password: s('string', undefined, { writeOnly: true }) },
  },
  'token.create': {
    required: ['name', 'role'],
    properties: { name: s('string'), role, expiresAt: s('string', undefined, { format: 'date-time' }) },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export function adminOpenApiPaths(routes: readonly Route[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!route.path.startsWith('/api/v1/admin/')) continue;
    const name = route.operation ?? `${route.method} ${route.path}`;
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const changes = route.method !== 'GET';
    if (changes)
      params.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description:
          'Retrying with the same key and body replays the first answer (24 hours) instead of acting twice.',
      } as never);
    const body = BODIES[name];
    paths[path] ??= {};
    paths[path]![route.method.toLowerCase()] = {
      operationId: name.replace(/[^\w]+(\w)/g, (_m, c: string) => c.toUpperCase()),
      summary: name,
      tags: ['admin'],
      security: [{ adminToken: [] }],
      description: `Needs the \`${route.permission}\` permission.`,
      parameters: params,
      ...(name === 'import'
        ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } }
        : body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { type: 'object', ...body } } },
              },
            }
          : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': problem('Invalid input (the field is named in `field`)'),
        '401': problem('No valid API token'),
        '403': problem('The token’s role does not allow this'),
        '404': problem('Not found'),
        ...(changes
          ? {
              '409': problem('Not allowed in the current state, or a conflict'),
              '422': problem('Idempotency-Key reused for another request'),
            }
          : {}),
      },
    };
  }
  return paths;
}

/** The security scheme the admin paths refer to. */
export const ADMIN_SECURITY_SCHEMES = {
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An admin API token (`npm run admin -- token create`).',
  },
};
