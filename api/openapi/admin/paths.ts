import type { Route } from '../../routes/route.ts';
import { problem } from '../builders.ts';
import { certificationBodies } from './certifications.ts';
import type { BodySchema } from './fields.ts';
import { organisationBodies } from './organisations.ts';
import { adminResponses } from './responses.ts';
import { staffBodies } from './staff.ts';
import { memberBodies, memberResponses } from './members.ts';
import { schemeBodies, schemeResponses } from './schemes.ts';
import { caseBodies, caseResponses } from './cases.ts';
import { requestBodies, requestResponses } from './requests.ts';
import { accessBodies, accessResponses, evidenceResponses, fileResponses } from './evidence.ts';

const BODIES: Record<string, BodySchema> = {
  ...organisationBodies,
  ...certificationBodies,
  ...staffBodies,
  ...memberBodies,
  ...schemeBodies,
  ...caseBodies,
  ...requestBodies,
  ...accessBodies,
};
const RESPONSES: Record<string, Record<string, unknown>> = {
  ...adminResponses,
  ...memberResponses,
  ...schemeResponses,
  ...caseResponses,
  ...requestResponses,
  ...evidenceResponses,
  ...accessResponses,
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description:
    'Retrying with the same key and body replays the first answer (24 hours) instead of acting twice.',
};

/** The request body of operation `name`: CSV for the import, JSON where a body is described. */
function requestBody(name: string) {
  if (name === 'registry.import')
    return { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } };
  const body = BODIES[name];
  if (!body) return {};
  return {
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', ...body } } } },
  };
}

/**
 * The admin API's part of the OpenAPI document, generated from the admin route table so the
 * description cannot drift from what is served. Request bodies are described per operation.
 */
export function adminOpenApiPaths(routes: readonly Route[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!route.path.startsWith('/api/v1/admin/')) continue;
    const name = route.operation ?? `${route.method} ${route.path}`;
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const changes = route.method !== 'GET';
    const params: object[] = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (changes) params.push(IDEMPOTENCY_KEY);
    paths[path] ??= {};
    paths[path]![route.method.toLowerCase()] = {
      operationId: name.replace(/[^\w]+(\w)/g, (_m, c: string) => c.toUpperCase()),
      summary: name,
      tags: ['admin'],
      security: [{ adminToken: [] }],
      description: `Needs the \`${route.permission}\` permission.`,
      parameters: params,
      ...requestBody(name),
      responses: {
        [String(route.successStatus ?? 200)]: {
          description: route.successStatus === 201 ? 'Created' : 'OK',
          content: fileResponses[name] ?? {
            'application/json': { schema: RESPONSES[name] ?? { type: 'object' } },
          },
        },
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
