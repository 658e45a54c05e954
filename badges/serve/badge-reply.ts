// The bytes and headers of a badge answer, apart from any HTTP framework: the general handler
// wraps them in a Fetch Response, the fast lane writes them to Node's response directly.
import type { BadgeVariant, RenderedBadge } from './badge-service.ts';
import type { MisuseRecorder } from './misuse-signals.ts';
import { pickEncoding } from './badge-request.ts';

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
  /** When the edge headers change by themselves (an expiring badge's edge lifetime shrinks). */
  refreshAt: number;
  identity: readonly string[];
  gzip: readonly string[];
  br: readonly string[];
  notModified: readonly string[];
}

// Per rendered entry, its header lists are built once: a cached badge is answered without
// building any header object. Weak, so they go with the entry when the cache drops it.
const headerSets = new WeakMap<RenderedBadge, HeaderSets>();

function buildHeaderSets(
  entry: RenderedBadge,
  format: 'svg' | 'png',
  maxAge: number,
  policy: BadgeCachePolicy,
  edgeMaxAge: number,
  nowMs: number,
): HeaderSets {
  const edge = policy.edgeHeaders(entry, edgeMaxAge, nowMs);
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
    policy.cacheControl(entry.status === 404 ? 'not-found-badge' : 'badge', maxAge),
    'etag',
    entry.etag,
    'vary',
    'Accept-Encoding',
    ...edge.headers,
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
    refreshAt: edge.refreshAt,
    identity: withBody(entry.body, null),
    gzip: withBody(entry.gzip, 'gzip'),
    br: withBody(entry.brotli, 'br'),
    notModified: common,
  };
}

function headerSetsFor(
  entry: RenderedBadge,
  format: 'svg' | 'png',
  config: BadgeReplyDeps['config'],
  policy: BadgeCachePolicy,
  nowMs: number,
): HeaderSets {
  const maxAge = config.badgeMaxAgeSeconds;
  let sets = headerSets.get(entry);
  if (!sets || sets.maxAge !== maxAge || nowMs >= sets.refreshAt)
    headerSets.set(
      entry,
      (sets = buildHeaderSets(entry, format, maxAge, policy, config.edgeMaxAgeSeconds, nowMs)),
    );
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
 * What a badge answer needs from the running app. The app's `Deps` fits as it is, so neither
 * lane builds an object per request.
 */
export interface BadgeReplyDeps {
  readonly misuse: Pick<MisuseRecorder, 'observe'>;
  readonly config: { readonly badgeMaxAgeSeconds: number; readonly edgeMaxAgeSeconds: number };
}

/**
 * Cache-Control and the edge headers of a badge or the "not found" badge. Injected because one
 * module in api/ (api/http/cache-policy.ts, `badgeCachePolicy`) owns cache policy.
 */
export interface BadgeCachePolicy {
  cacheControl(kind: 'badge' | 'not-found-badge', badgeMaxAgeSeconds: number): string;
  /** Edge headers (flat list) and the time from which they differ (an expiring badge's lifetime). */
  edgeHeaders(
    entry: Pick<RenderedBadge, 'status' | 'publicId' | 'organisationSlug' | 'validUntilMs'>,
    edgeMaxAgeSeconds: number,
    nowMs: number,
  ): { headers: readonly string[]; refreshAt: number };
}

/**
 * The answer for a rendered badge: 304 when the client holds it, else the best encoding it
 * accepts. Records a misuse signal when the page embedding it is not the organisation's.
 */
export function badgeReply(
  entry: RenderedBadge,
  variant: BadgeVariant,
  request: BadgeRequestHeaders,
  deps: BadgeReplyDeps,
  policy: BadgeCachePolicy,
  nowMs: number,
): BadgeReply {
  if (entry.organisationId !== null && request.referer) {
    deps.misuse.observe(entry.organisationId, entry.certificationId, entry.domains, request.referer);
  }
  const sets = headerSetsFor(entry, variant.format, deps.config, policy, nowMs);
  if (notModified(request.ifNoneMatch, entry.etag))
    return { status: 304, headers: sets.notModified, body: EMPTY };
  const encoding = pickEncoding(request.acceptEncoding);
  if (encoding === 'br' && entry.brotli)
    return { status: entry.status, headers: sets.br, body: entry.brotli };
  if (encoding === 'gzip' && entry.gzip)
    return { status: entry.status, headers: sets.gzip, body: entry.gzip };
  return { status: entry.status, headers: sets.identity, body: entry.body };
}
