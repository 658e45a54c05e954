import { describe, expect, it } from 'vitest';
import { BadgeCache } from '../../../../badges/serve/badge-cache.ts';

describe('BadgeCache', () => {
  it('drops every variant of a certification on invalidate', () => {
    const cache = new BadgeCache<string>(1000);
    cache.set('a|svg', 'a', 'A1', 10, 100, cache.ticket('a'));
    cache.set('a|png', 'a', 'A2', 10, 100, cache.ticket('a'));
    cache.set('b|svg', 'b', 'B1', 10, 100, cache.ticket('b'));
    cache.invalidate('a');
    expect(cache.get('a|svg', 0)).toBeUndefined();
    expect(cache.get('a|png', 0)).toBeUndefined();
    expect(cache.get('b|svg', 0)).toBe('B1');
    expect(cache.stats.bytes).toBe(10);
  });

  it('refuses a value rendered before an invalidation that happened during the render', () => {
    const cache = new BadgeCache<string>(1000);
    const ticket = cache.ticket('a'); // render starts, reads the old state
    cache.invalidate('a'); // a revocation commits meanwhile
    expect(cache.set('a|svg', 'a', 'stale active badge', 10, 100, ticket)).toBe(false);
    expect(cache.get('a|svg', 0)).toBeUndefined();
  });

  it('refuses values rendered before a full clear (reconnect)', () => {
    const cache = new BadgeCache<string>(1000);
    const ticket = cache.ticket('a');
    cache.clear();
    expect(cache.set('a|svg', 'a', 'x', 10, 100, ticket)).toBe(false);
  });

  it('expires entries at their deadline (validity end)', () => {
    const cache = new BadgeCache<string>(1000);
    cache.set('a|svg', 'a', 'A', 10, 100, cache.ticket('a'));
    expect(cache.get('a|svg', 99)).toBe('A');
    expect(cache.get('a|svg', 100)).toBeUndefined();
    expect(cache.stats.entries).toBe(0);
  });

  it('stays within its byte bound, evicting the least recently used', () => {
    const cache = new BadgeCache<string>(30);
    for (const k of ['a', 'b', 'c']) cache.set(k, k, k, 10, 100, cache.ticket(k));
    cache.get('a', 0); // a is now the most recently used
    cache.set('d', 'd', 'd', 10, 100, cache.ticket('d'));
    expect(cache.stats.bytes).toBeLessThanOrEqual(30);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe('a');
    expect(cache.set('huge', 'h', 'h', 31, 100, cache.ticket('h'))).toBe(false);
  });
});
