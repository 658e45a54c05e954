import { adminRoutes } from '../routes/admin-routes.ts';
import { ADMIN_SECURITY_SCHEMES, adminOpenApiPaths } from './admin/paths.ts';
import { publicOpenApiDocument } from './public-document.ts';
import { EDGE_SECURITY_SCHEMES } from './edge.ts';

/**
 * The document served at /api/v1/openapi.json: the public API plus the admin API's paths,
 * generated from the admin route table.
 */
export function openApiDocument(publicUrl: string) {
  const doc = publicOpenApiDocument(publicUrl);
  return {
    ...doc,
    paths: { ...doc.paths, ...adminOpenApiPaths(adminRoutes) },
    components: {
      ...doc.components,
      securitySchemes: { ...ADMIN_SECURITY_SCHEMES, ...EDGE_SECURITY_SCHEMES },
    },
  };
}
