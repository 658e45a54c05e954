import type { APIRoute } from 'astro';
import library from '../../../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js?raw';
import forms from '../../scripts/passkey-forms.js?raw';
import { cacheControl } from '../../../api/http/cache-policy.ts';

/**
 * The passkey script as one external file: @simplewebauthn/browser's bundle (it turns the JSON
 * options into what navigator.credentials expects, and the answer back into JSON) followed by the
 * few lines that drive our forms. External because the page CSP allows no inline script.
 */
const source = `${library}\n${forms}`;

export const GET: APIRoute = () =>
  new Response(source, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': cacheControl('static-file'),
      'x-content-type-options': 'nosniff',
    },
  });
