import type { Deps } from '../app/deps.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { parseBadgeRequest, pickEncoding } from './badge-options.ts';
import type { BadgeVariant, RenderedBadge } from '../../badges/serve/badge-service.ts';
import { BytesResponse } from '../http/bytes-response.ts';
import { requestUrl } from '../http/node-request.ts';

const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** The request headers a badge answer depends on. */
export interface BadgeRequestHeaders {
  referer: string | null | undefined;
  ifNoneMatch: string | null | undefined;
  acceptEncoding: string | null | undefined;
}

/** Status, headers (flat name/value list, as `writeHead` takes them) and body of a badge answer. */
export interface BadgeReply {
  status: number;
  headers: readonly string[];
  body: Uint8Array;
}

interface HeaderSets {
  maxAge: number;
  identity: readonly string[];
  gzip: readonly string[];
  br: readonly string[];
  notModified: readonly string[];
}

// Per rendered entry, its header lists are built once: a cached badge is answered without
// building any header object. Weak, so they go with the entry when the cache drops it.
const headerSets = new WeakMap<RenderedBadge, HeaderSets>();

function buildHeaderSets(entry: RenderedBadge, format: 'svg' | 'png', maxAge: number): HeaderSets {
  const common = [
    'content-type',
    format === 'svg' ? 'image/svg+xml' : 'image/png',
    'x-content-type-options',
    'nosniff',
    'content-security-policy',
    SVG_CSP,
    'access-control-allow-origin',
    '*',
    'cross-origin-resource-policy',
    'cross-origin',
    'cache-control',
    cacheControl(entry.status === 404 ? 'not-found-badge' : 'badge', maxAge),
    'etag',
    entry.etag,
    'vary',
    'Accept-Encoding',
  ];
  const withBody = (body: Buffer | null, encoding: string | null) =>
    body === null
      ? []
      : [
          ...common,
          ...(encoding ? ['content-encoding', encoding] : []),
          'content-length',
          String(body.length),
        ];
  return {
    maxAge,
    identity: withBody(entry.body, null),
    gzip: withBody(entry.gzip, 'gzip'),
    br: withBody(entry.brotli, 'br'),
    notModified: common,
  };
}

function headerSetsFor(entry: RenderedBadge, format: 'svg' | 'png', maxAge: number): HeaderSets {
  let sets = headerSets.get(entry);
  if (!sets || sets.maxAge !== maxAge) headerSets.set(entry, (sets = buildHeaderSets(entry, format, maxAge)));
  return sets;
}

/** True when `If-None-Match` names this entity tag (weak comparison, as for GET). */
function notModified(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

const EMPTY = new Uint8Array(0);

/**
 * The answer for a rendered badge: 304 when the client holds it, else the best encoding it
 * accepts. Records a misuse signal when the page embedding it is not the organisation's.
 */
export function badgeReply(
  entry: RenderedBadge,
  variant: BadgeVariant,
  request: BadgeRequestHeaders,
  deps: Deps,
): BadgeReply {
  if (entry.organisationId !== null && request.referer) {
    deps.misuse.observe(entry.organisationId, entry.certificationId, entry.domains, request.referer);
  }
  const sets = headerSetsFor(entry, variant.format, deps.config.badgeMaxAgeSeconds);
  if (notModified(request.ifNoneMatch, entry.etag))
    return { status: 304, headers: sets.notModified, body: EMPTY };
  const encoding = pickEncoding(request.acceptEncoding);
  if (encoding === 'br' && entry.brotli)
    return { status: entry.status, headers: sets.br, body: entry.brotli };
  if (encoding === 'gzip' && entry.gzip)
    return { status: entry.status, headers: sets.gzip, body: entry.gzip };
  return { status: entry.status, headers: sets.identity, body: entry.body };
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
    return problemResponse('query_too_long', 'The badge query string is too long; use theme, lang and size.');
  }
  const variant = 'variant' in parsed ? parsed.variant : null;
  if (!variant) return problemResponse('not_found', 'Badges end in .svg or .png.');
  // Ids that cannot exist still get the "not found in the registry" badge, without a lookup.
  const publicId = parsed.ok ? parsed.publicId : 'invalid';
  const entry = await deps.badges.get(publicId, variant, deps.now());
  const reply = badgeReply(
    entry,
    variant,
    {
      referer: request.headers.get('referer'),
      ifNoneMatch: request.headers.get('if-none-match'),
      acceptEncoding: request.headers.get('accept-encoding'),
    },
    deps,
  );
  return new BytesResponse(reply.body, { status: reply.status, headers: reply.headers });
}
