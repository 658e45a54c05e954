import type { Handler } from '../routes/route.ts';
import { openApiDocument } from '../openapi/document.ts';
import { publicJson } from './public-json.ts';

/** GET /api/v1/openapi.json */
export const openApiHandler: Handler = async (request, deps) =>
  publicJson(openApiDocument(deps.config.publicUrl), request);
