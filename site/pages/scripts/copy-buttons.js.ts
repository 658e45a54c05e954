import type { APIRoute } from 'astro';
import source from '../../scripts/copy-buttons.js?raw';

/**
 * The copy-button script as an external file. Astro inlines small bundled scripts, which the page
 * CSP (script-src 'self', no 'unsafe-inline') would block; this endpoint keeps it external.
 */
export const GET: APIRoute = () =>
  new Response(source, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    },
  });
