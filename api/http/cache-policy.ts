/**
 * The one place that decides Cache-Control; no response sets the header by hand. Badge-like
 * resources may be cached by browsers and CDNs for at most BADGE_MAX_AGE seconds: that is the
 * longest a revoked badge can still be shown from a cache after the registry changed, so for
 * them a caller may only ask for less caching, never more. Every other kind has one fixed policy
 * named after what it serves, so two doors to the same kind of resource cannot drift apart.
 */
export type CacheKind =
  | 'badge'
  | 'status-list'
  | 'keys'
  | 'verify'
  | 'not-found-badge'
  | 'no-store'
  | 'public-read'
  | 'feed'
  | 'open-data'
  | 'static-file'
  | 'site-icon'
  | 'hashed-asset'
  | 'log-immutable'
  | 'log-latest'
  | 'private-file';

/**
 * The Cache-Control value for a kind of response. `badgeMaxAgeSeconds` (the configured badge
 * ceiling) only matters to the badge-like kinds; the others ignore it.
 */
export function cacheControl(kind: CacheKind, badgeMaxAgeSeconds = 0): string {
  const maxAge = Math.max(0, Math.floor(badgeMaxAgeSeconds));
  switch (kind) {
    case 'badge':
    case 'status-list':
    case 'keys':
      // stale-while-revalidate would let a CDN serve a revoked badge past max-age: not used.
      return maxAge === 0 ? 'no-cache' : `public, max-age=${maxAge}, must-revalidate`;
    case 'not-found-badge':
      return `public, max-age=${Math.min(maxAge, 30)}`;
    case 'private-file':
      // Evidence files: only for who may see them, kept by no browser or proxy cache.
      return 'private, no-store';
    case 'verify':
    case 'no-store':
      // Verdicts, admin answers, errors, health and metrics: always the state of this moment.
      return 'no-store';
    case 'public-read':
      // Keyless API reads: short, so a listing never lags the registry by more than half a minute.
      return 'public, max-age=30';
    case 'feed':
      // Feed readers poll; a minute spares the database without delaying news noticeably.
      return 'public, max-age=60';
    case 'open-data':
      // The full registry download is heavy to build and meant for daily harvesting.
      return 'public, max-age=300';
    case 'static-file':
      // Files under a stable name (scripts, icons) may change with a deploy.
      return 'public, max-age=3600';
    case 'site-icon':
      // Browsers ask for the favicon on every page; it changes perhaps once in years. A week.
      return 'public, max-age=604800';
    case 'log-immutable':
    // Full log tiles and entry bundles never change: RFC 6962 leaves are append-only.
    case 'hashed-asset':
      // Build output under /_astro/ has a content hash in its name: a new version is a new URL.
      return 'public, max-age=31536000, immutable';
    case 'log-latest':
      // The log's checkpoint, partial tiles and proofs against the latest checkpoint: a new
      // checkpoint follows every commit within a second, so caches may keep them one second.
      return 'public, max-age=1';
  }
}

/**
 * What an edge cache (Varnish, nginx, a CDN) may keep for long because the registry purges it
 * when it changes. Browsers keep obeying Cache-Control above; only the edge reads these.
 */
export type EdgeKind = 'badge' | 'not-found-badge' | 'status-list' | 'keys' | 'log-tile';

/** The tags a response is purged by: one vocabulary for xkey, Surrogate-Key and Cache-Tag. */
export const edgeTag = {
  cert: (publicId: string) => `cert:${publicId}`,
  org: (slug: string) => `org:${slug}`,
  statusList: (n: number) => `statuslist:${n}`,
  keys: 'keys',
  log: 'log',
} as const;

/** How long the edge may keep a response of `kind`, in seconds (0: not at all). */
export function edgeLifetime(
  kind: EdgeKind,
  edgeMaxAgeSeconds: number,
  untilMs: number | null,
  nowMs: number,
): number {
  const max = Math.max(0, Math.floor(edgeMaxAgeSeconds));
  switch (kind) {
    case 'badge': {
      // An active badge turns "expired" at valid_until without any change to purge on: the edge
      // copy must lapse by then on its own.
      if (untilMs === null) return max;
      return Math.max(0, Math.min(max, Math.floor((untilMs - nowMs) / 1000)));
    }
    case 'not-found-badge':
      // Shared by every unknown id, so it carries no tag: a new certification shows within 30 s.
      return Math.min(max, 30);
    case 'status-list':
    case 'keys':
    case 'log-tile':
      return max;
  }
}

/**
 * The edge headers of a response, as a flat name/value list (what `writeHead` takes): the tags
 * under the three names edges read (`xkey` for Varnish, `Surrogate-Key` for Fastly, `Cache-Tag`
 * for Cloudflare, which separates with commas) and `Surrogate-Control` for the edge's lifetime.
 * Edges strip them before answering clients (docs/deployment/varnish.vcl).
 */
export function edgeHeaders(tags: readonly string[], lifetimeSeconds: number): string[] {
  const headers = ['surrogate-control', lifetimeSeconds > 0 ? `max-age=${lifetimeSeconds}` : 'no-store'];
  if (tags.length === 0) return headers;
  return [...headers, 'xkey', tags.join(' '), 'surrogate-key', tags.join(' '), 'cache-tag', tags.join(',')];
}

/** The same headers as a record, for Fetch `Response` objects (keys, status lists, log tiles). */
export function edgeHeaderRecord(tags: readonly string[], lifetimeSeconds: number): Record<string, string> {
  const list = edgeHeaders(tags, lifetimeSeconds);
  const record: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 2) record[list[i]!] = list[i + 1]!;
  return record;
}

/**
 * Edge headers of a full log tile (C2SP tlog-tiles): a full tile never changes, so the edge may
 * keep it for its whole lifetime; partial tiles and checkpoints change and are not for the edge.
 */
export function logTileEdgeHeaders(edgeMaxAgeSeconds: number, full: boolean): Record<string, string> {
  return full
    ? edgeHeaderRecord([edgeTag.log], edgeLifetime('log-tile', edgeMaxAgeSeconds, null, 0))
    : edgeHeaderRecord([], 0);
}

/**
 * The badge answer's cache policy, handed to badges/serve/badge-reply.ts (which builds each
 * entry's header lists once): Cache-Control for browsers, tags and lifetime for the edge.
 */
export const badgeCachePolicy = {
  cacheControl: (kind: 'badge' | 'not-found-badge', badgeMaxAgeSeconds: number) =>
    cacheControl(kind, badgeMaxAgeSeconds),
  edgeHeaders(
    entry: {
      status: number;
      publicId: string | null;
      organisationSlug: string | null;
      validUntilMs: number | null;
    },
    edgeMaxAgeSeconds: number,
    nowMs: number,
  ): { headers: readonly string[]; refreshAt: number } {
    if (entry.status === 404 || entry.publicId === null)
      return {
        headers: edgeHeaders([], edgeLifetime('not-found-badge', edgeMaxAgeSeconds, null, nowMs)),
        refreshAt: Infinity,
      };
    const tags = [edgeTag.cert(entry.publicId)];
    if (entry.organisationSlug) tags.push(edgeTag.org(entry.organisationSlug));
    const until = entry.validUntilMs;
    // Within one edge lifetime of valid_until the lifetime shrinks each second: headers are rebuilt
    // once a second then; before, once, when that window opens.
    const refreshAt = until === null ? Infinity : Math.max(nowMs + 1000, until - edgeMaxAgeSeconds * 1000);
    return {
      headers: edgeHeaders(tags, edgeLifetime('badge', edgeMaxAgeSeconds, until, nowMs)),
      refreshAt,
    };
  },
};
