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
  | 'log-latest';

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
