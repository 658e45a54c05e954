import { describe, expect, it } from 'vitest';
import { cacheControl, type CacheKind } from '../../../../api/http/cache-policy.ts';

describe('cacheControl', () => {
  // The values every door sent before they all came here: changing one is a policy decision.
  it.each([
    ['no-store', 'no-store'],
    ['verify', 'no-store'],
    ['public-read', 'public, max-age=30'],
    ['feed', 'public, max-age=60'],
    ['open-data', 'public, max-age=300'],
    ['static-file', 'public, max-age=3600'],
    ['site-icon', 'public, max-age=604800'],
    ['hashed-asset', 'public, max-age=31536000, immutable'],
  ] satisfies Array<[CacheKind, string]>)('%s is %s whatever the badge ceiling', (kind, value) => {
    expect(cacheControl(kind)).toBe(value);
    expect(cacheControl(kind, 600)).toBe(value);
  });

  it.each(['badge', 'status-list', 'keys'] satisfies CacheKind[])(
    '%s is cached at most the badge ceiling',
    (kind) => {
      expect(cacheControl(kind, 300)).toBe('public, max-age=300, must-revalidate');
      expect(cacheControl(kind, 0)).toBe('no-cache');
      expect(cacheControl(kind)).toBe('no-cache');
    },
  );

  it('caches a not-found badge at most 30 seconds, and never past the ceiling', () => {
    expect(cacheControl('not-found-badge', 300)).toBe('public, max-age=30');
    expect(cacheControl('not-found-badge', 10)).toBe('public, max-age=10');
  });
});
