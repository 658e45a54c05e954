import { cacheControl } from '../http/cache-policy.ts';

/** Headers every keyless public read shares: open CORS, short shared caching, no sniffing. */
export const PUBLIC_READ_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'link',
  'cache-control': cacheControl('public-read'),
  'x-content-type-options': 'nosniff',
};

/** A JSON response for a public read; `next` becomes an RFC 8288 Link header as well. */
export function publicJson(body: unknown, request: Request, next: string | null = null): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...PUBLIC_READ_HEADERS };
  if (next !== null) {
    const url = new URL(request.url);
    url.searchParams.set('cursor', next);
    headers['link'] = `<${url.pathname}${url.search}>; rel="next"`;
  }
  return new Response(JSON.stringify(body), { status: 200, headers });
}

/** ISO string or null, for dates in API bodies. */
export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
