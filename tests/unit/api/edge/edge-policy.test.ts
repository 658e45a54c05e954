import { describe, expect, it } from 'vitest';
import {
  badgeCachePolicy,
  edgeHeaders,
  edgeLifetime,
  logTileEdgeHeaders,
} from '../../../../api/http/cache-policy.ts';
import {
  BADGE_VARIANTS,
  canonicalBadgePaths,
  parseBadgeRequest,
} from '../../../../badges/serve/badge-request.ts';
import { loadConfig } from '../../../../api/app/config.ts';

const DAY = 86_400;
const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('edge lifetimes and tags', () => {
  it('names the tags under the three headers edges read, and the lifetime in Surrogate-Control', () => {
    expect(edgeHeaders(['cert:ABC', 'org:acme'], DAY)).toEqual([
      'surrogate-control',
      'max-age=86400',
      'xkey',
      'cert:ABC org:acme',
      'surrogate-key',
      'cert:ABC org:acme',
      'cache-tag',
      'cert:ABC,org:acme',
    ]);
    expect(edgeHeaders([], 0)).toEqual(['surrogate-control', 'no-store']);
  });

  it('lets an active badge lapse at the edge by its valid_until, when nothing will be purged', () => {
    expect(edgeLifetime('badge', DAY, null, NOW)).toBe(DAY);
    expect(edgeLifetime('badge', DAY, NOW + 3_600_000, NOW)).toBe(3600);
    expect(edgeLifetime('badge', DAY, NOW - 1, NOW)).toBe(0);
    expect(edgeLifetime('not-found-badge', DAY, null, NOW)).toBe(30);
    const soon = badgeCachePolicy.edgeHeaders(
      { status: 200, publicId: 'ABC', organisationSlug: 'acme', validUntilMs: NOW + 3_600_000 },
      DAY,
      NOW,
    );
    expect(soon.headers).toContain('max-age=3600');
    // Within a day of valid_until the headers are rebuilt every second, so the lifetime shrinks.
    expect(soon.refreshAt).toBe(NOW + 1000);
    const later = badgeCachePolicy.edgeHeaders(
      { status: 200, publicId: 'ABC', organisationSlug: 'acme', validUntilMs: NOW + 10 * DAY * 1000 },
      DAY,
      NOW,
    );
    expect(later.refreshAt).toBe(NOW + 9 * DAY * 1000);
    const unknown = badgeCachePolicy.edgeHeaders(
      { status: 404, publicId: null, organisationSlug: null, validUntilMs: null },
      DAY,
      NOW,
    );
    expect(unknown.headers).toEqual(['surrogate-control', 'max-age=30']);
  });

  it('keeps full log tiles for the edge lifetime and partial ones not at all', () => {
    expect(logTileEdgeHeaders(DAY, true)).toMatchObject({
      'surrogate-control': 'max-age=86400',
      xkey: 'log',
    });
    expect(logTileEdgeHeaders(DAY, false)).toEqual({ 'surrogate-control': 'no-store' });
  });

  it('gives edges BADGE_MAX_AGE unless EDGE_PURGE names one to purge', () => {
    expect(loadConfig({ BADGE_MAX_AGE: '60' }).edgeMaxAgeSeconds).toBe(60);
    expect(loadConfig({ EDGE_PURGE: 'varnish+http://127.0.0.1:6081' }).edgeMaxAgeSeconds).toBe(DAY);
    expect(
      loadConfig({ EDGE_PURGE: 'varnish+http://127.0.0.1:6081', EDGE_MAX_AGE: '600' }).edgeMaxAgeSeconds,
    ).toBe(600);
    expect(() => loadConfig({ EDGE_PURGE: 'fastly:abc' })).toThrow(/FASTLY_API_TOKEN/);
    expect(() => loadConfig({ EDGE_PURGE: 'cloudflare:abc' })).toThrow(/CLOUDFLARE_API_TOKEN/);
    expect(() => loadConfig({ EDGE_PURGE: 'squid://x' })).toThrow(/EDGE_PURGE/);
    expect(() => loadConfig({ EDGE_LOG_TOKEN: 'short' })).toThrow(/EDGE_LOG_TOKEN/);
  });
});

describe('the canonical badge paths an exact-key edge purges', () => {
  it('are every variant the parser serves, once, each read back as its own variant', () => {
    const paths = canonicalBadgePaths('abcdefgh1234');
    expect(paths).toHaveLength(2 * 2 * 3 * 3);
    expect(new Set(paths).size).toBe(paths.length);
    paths.forEach((p, i) => {
      const url = new URL(p, 'http://x');
      const parsed = parseBadgeRequest(url.pathname.slice('/badges/'.length), url.search);
      expect(parsed.ok && parsed.variant).toEqual(BADGE_VARIANTS[i]);
    });
  });
});
