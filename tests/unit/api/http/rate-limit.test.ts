import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitedError } from '../../../../api/http/rate-limit.ts';
import { problemFromError } from '../../../../api/http/problem.ts';

describe('createRateLimiter', () => {
  it('allows perMinute requests per network, then says when to retry', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map((i) => limiter.admit(`198.51.100.${i}`).ok)).toEqual([true, true, true]);
    expect(limiter.admit('198.51.100.200')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.admit('198.51.101.1').ok).toBe(true); // another /24
    now += 20_000;
    expect(limiter.admit('198.51.100.9').ok).toBe(true);
    expect(limiter.admit('198.51.100.9').ok).toBe(false);
  });

  it('keys IPv6 by /56', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.admit('2001:db8:0:100::1').ok).toBe(true);
    expect(limiter.admit('2001:db8:0:1ff:1::2').ok).toBe(false);
    expect(limiter.admit('2001:db8:0:200::1').ok).toBe(true);
  });

  it('forgets the least recently seen network beyond maxClients', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0, maxClients: 2 });
    limiter.admit('10.0.1.1');
    limiter.admit('10.0.2.1');
    limiter.admit('10.0.3.1');
    expect(limiter.admit('10.0.1.1').ok).toBe(true);
    expect(limiter.admit('10.0.3.1').ok).toBe(false);
  });

  it('becomes a 429 problem with Retry-After', async () => {
    const { response } = problemFromError(rateLimitedError({ retryAfterSeconds: 7 }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({
      type: 'https://keurmerk.dev/problems/rate_limited',
      retryAfter: 7,
    });
  });
});
