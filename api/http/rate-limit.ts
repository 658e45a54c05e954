import { KeurmerkError } from '../../db/errors.ts';
import { clientNetwork } from '../../db/values/client-network.ts';

/** The answer to one request: admitted, or refused until `retryAfterSeconds` have passed. */
export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one unit from the client network's allowance (see `clientNetwork` for the rule). */
  admit(clientAddress: string | null): Admission;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client network, in this process's memory: `perMinute` requests, refilled
 * evenly, bursts up to `perMinute`. Kept per instance on purpose: it guards this instance's CPU
 * (the verify API parses uploads), which another instance's count says nothing about. At most
 * `maxClients` networks are remembered; the least recently seen are forgotten first, so a flood
 * of addresses costs bounded memory and at worst a fresh allowance.
 */
export function createRateLimiter(options: {
  perMinute: number;
  now?: () => number;
  maxClients?: number;
}): RateLimiter {
  const { perMinute, now = () => performance.now(), maxClients = 10_000 } = options;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    admit(clientAddress) {
      // No socket address (astro dev): all such requests share one allowance.
      const key = clientNetwork(clientAddress ?? 'unknown');
      const t = now();
      const last = buckets.get(key);
      const bucket = last ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      // Re-inserted so the Map's order is least recently seen first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

/** The 429 of a refused admission; `retryAfter` becomes the Retry-After header. */
export function rateLimitedError(admission: { retryAfterSeconds: number }): KeurmerkError {
  return new KeurmerkError(
    'rate_limited',
    `Too many verification requests from your network; try again in ${admission.retryAfterSeconds} s.`,
    { retryAfter: admission.retryAfterSeconds },
  );
}
