/**
 * The one place that decides Cache-Control. Badge-like resources may be cached by browsers and
 * CDNs for at most BADGE_MAX_AGE seconds: that is the longest a revoked badge can still be shown
 * from a cache after the registry changed. Callers may only ask for less caching, never more.
 */
export type CacheKind = 'badge' | 'status-list' | 'keys' | 'verify' | 'not-found-badge' | 'no-store';

export function cacheControl(kind: CacheKind, badgeMaxAgeSeconds: number): string {
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
      return 'no-store';
  }
}
