import type { Deps } from '../deps.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { parseBadgeRequest, pickEncoding } from './badge-options.ts';
import type { RenderedBadge } from '../../badges/badge-service.ts';
import { BytesResponse } from '../http/bytes-response.ts';
import { requestUrl } from '../http/node-request.ts';

const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function headersFor(entry: RenderedBadge, format: 'svg' | 'png', deps: Deps): Record<string, string> {
  return {
    'content-type': format === 'svg' ? 'image/svg+xml' : 'image/png',
    'x-content-type-options': 'nosniff',
    'content-security-policy': SVG_CSP,
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
    'cache-control': cacheControl(
      entry.status === 404 ? 'not-found-badge' : 'badge',
      deps.config.badgeMaxAgeSeconds,
    ),
    etag: entry.etag,
    vary: 'Accept-Encoding',
  };
}

/** True when `If-None-Match` names this entity tag (weak comparison, as for GET). */
function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/** `GET /badges/{publicId}.svg|png`: the hot path. Never a broken image, never a cookie. */
export async function badgeHandler(
  request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const url = requestUrl(request);
  const parsed = parseBadgeRequest(params['file'] ?? '', url.search);
  if (!parsed.ok && parsed.reason === 'query_too_long') {
    return problemResponse(
      400,
      'query_too_long',
      'Bad request',
      'The badge query string is too long; use theme, lang and size.',
    );
  }
  const variant = 'variant' in parsed ? parsed.variant : null;
  if (!variant) return problemResponse(404, 'not_found', 'Not found', 'Badges end in .svg or .png.');
  // Ids that cannot exist still get the "not found in the registry" badge, without a lookup.
  const publicId = parsed.ok ? parsed.publicId : 'invalid';
  const entry = await deps.badges.get(publicId, variant, deps.now());
  const headers = headersFor(entry, variant.format, deps);
  if (entry.organisationId !== null) {
    deps.misuse.observe(
      entry.organisationId,
      entry.certificationId,
      entry.domains,
      request.headers.get('referer'),
    );
  }
  if (notModified(request.headers.get('if-none-match'), entry.etag)) {
    return new BytesResponse(new Uint8Array(0), { status: 304, headers });
  }
  const encoding = pickEncoding(request.headers.get('accept-encoding'));
  let body = entry.body;
  if (encoding === 'br' && entry.brotli) body = entry.brotli;
  else if (encoding === 'gzip' && entry.gzip) body = entry.gzip;
  if (body !== entry.body) headers['content-encoding'] = encoding!;
  headers['content-length'] = String(body.length);
  return new BytesResponse(body, { status: entry.status, headers });
}
