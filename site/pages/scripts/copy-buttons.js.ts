import type { APIRoute } from 'astro';
import source from '../../scripts/copy-buttons.js?raw';
import { cacheControl } from '../../../api/http/cache-policy.ts';

/**
 * The copy-button script as an external file. Astro inlines small bundled scripts, which the page
 * CSP (script-src 'self', no 'unsafe-inline') would block; this endpoint keeps it external.
 */
export const GET: APIRoute = () =>
  new Response(source, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': cacheControl('static-file'),
      'x-content-type-options': 'nosniff',
    },
  });
