import type { APIRoute } from 'astro';
import { dispatch } from '../../api/routes/router.ts';
import { toStandardResponse } from '../../api/http/bytes-response.ts';

/**
 * Thin Astro endpoint for `astro dev`: hands the request to the same api/ dispatcher that
 * api/server.ts calls in production, so both answer alike. In production these never run.
 */
export const delegate: APIRoute = async ({ request, locals }) => {
  const response = await dispatch(request, locals.deps);
  return response ? toStandardResponse(response) : new Response('Not found', { status: 404 });
};
