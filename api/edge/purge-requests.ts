import type { PurgeTarget } from './purge-targets.ts';
import type { EdgeChange } from './edge-change.ts';

/** One HTTP request that purges something at an edge. */
export interface PurgeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Where the CDN APIs live; tests point them at a local stand-in. */
export interface CdnApis {
  readonly fastly: string;
  readonly cloudflare: string;
}

export const PUBLIC_CDN_APIS: CdnApis = {
  fastly: 'https://api.fastly.com',
  cloudflare: 'https://api.cloudflare.com',
};

export interface CdnTokens {
  readonly fastly: string | null;
  readonly cloudflare: string | null;
}

// Batch sizes the APIs accept: Fastly takes up to 256 surrogate keys per purge; Cloudflare lists
// 100 operations per request today and 30 tags in older plans, so 30 is safe on every plan.
const FASTLY_BATCH = 256;
const CLOUDFLARE_BATCH = 30;
// Varnish reads one header; keep it well under its 8 kB header limit.
const VARNISH_BATCH = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The requests that purge `change` at `target`: Varnish by xkey tag (`PURGE /` with an
 * `xkey-purge` header, read by docs/deployment/varnish.vcl), nginx by exact key (`PURGE` of
 * each canonical path, ngx_cache_purge), Fastly by surrogate keys (`POST
 * /service/{id}/purge`, JSON `surrogate_keys`), Cloudflare by cache tags (`POST
 * /client/v4/zones/{id}/purge_cache`, JSON `tags`).
 */
export function purgeRequests(
  target: PurgeTarget,
  change: EdgeChange,
  tokens: CdnTokens,
  apis: CdnApis = PUBLIC_CDN_APIS,
): PurgeRequest[] {
  switch (target.kind) {
    case 'varnish':
      return chunks(change.tags, VARNISH_BATCH).map((tags) => ({
        method: 'PURGE',
        url: `${target.origin}/`,
        headers: { 'xkey-purge': tags.join(' ') },
      }));
    case 'nginx':
      return change.paths.map((path) => ({ method: 'PURGE', url: `${target.origin}${path}`, headers: {} }));
    case 'fastly':
      return chunks(change.tags, FASTLY_BATCH).map((keys) => ({
        method: 'POST',
        url: `${apis.fastly}/service/${encodeURIComponent(target.serviceId)}/purge`,
        headers: {
          'fastly-key': tokens.fastly ?? '',
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ surrogate_keys: keys }),
      }));
    case 'cloudflare':
      return chunks(change.tags, CLOUDFLARE_BATCH).map((tags) => ({
        method: 'POST',
        url: `${apis.cloudflare}/client/v4/zones/${encodeURIComponent(target.zoneId)}/purge_cache`,
        headers: {
          authorization: `Bearer ${tokens.cloudflare ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ tags }),
      }));
  }
}

/**
 * Whether an edge's answer means the purge took effect. nginx's purge module answers 404 for a key
 * it does not hold, which is as good as purged; Cloudflare can answer 200 with `success: false`.
 */
export function purgeSucceeded(target: PurgeTarget, status: number, body: string): boolean {
  if (target.kind === 'nginx' && status === 404) return true;
  if (status < 200 || status > 299) return false;
  if (target.kind !== 'cloudflare') return true;
  try {
    return (JSON.parse(body) as { success?: unknown }).success === true;
  } catch {
    return false;
  }
}
