import type { Handler } from '../routes/route.ts';
import { openApiDocument } from './public-openapi-doc.ts';
import { publicJson } from './public-json.ts';
import { adminRoutes } from '../routes/admin-routes.ts';
import { ADMIN_SECURITY_SCHEMES, adminOpenApiPaths } from './admin-openapi.ts';

/** The public document plus the admin API's paths, generated from the admin route table. */
function fullDocument(publicUrl: string): Record<string, unknown> {
  const doc = openApiDocument(publicUrl) as { paths: object; components: { schemas: object } };
  return {
    ...doc,
    paths: { ...doc.paths, ...adminOpenApiPaths(adminRoutes) },
    components: { ...doc.components, securitySchemes: ADMIN_SECURITY_SCHEMES },
  };
}

/** GET /api/v1/openapi.json */
export const openApiHandler: Handler = async (request, deps) =>
  publicJson(fullDocument(deps.config.publicUrl), request);
