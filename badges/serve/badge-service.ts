import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { allPublicIds, badgeData, type BadgeData } from '../../db/certification/badge-data.ts';
import { effectiveStatus } from '../../db/certification/lifecycle.ts';
import { BadgeCache, type CacheStats } from './badge-cache.ts';
import type { BadgeState } from '../render/badge-view.ts';
import { servableCredential } from '../credentials/servable.ts';
import { entrySize, renderEntry, type BadgeVariant, type RenderedBadge } from './badge-entry.ts';
import { NotFoundImages } from './not-found-images.ts';
import { UnknownIds } from './unknown-ids.ts';
import { KnownIds } from './known-ids.ts';

export type { BadgeVariant, RenderedBadge } from './badge-entry.ts';

/**
 * Where one variant of one id sits in the cache. Built once per (id, variant) by `badgeKeyOf` and
 * kept by callers that see the same request again (the fast lane memoises it per URL): a key
 * string V8 has hashed before is looked up without hashing or concatenating anything.
 */
export interface BadgeKey {
  readonly publicId: string;
  readonly variant: BadgeVariant;
  readonly found: string;
  /** The variant alone: the key of the shared "not found" image. */
  readonly variantKey: string;
}

export interface BadgeServiceStats extends CacheStats {
  /** Badges rendered (satori, and sharp for PNG): the costly part of a miss. */
  renders: number;
  /** Database lookups of badge data (cache misses not answered by the unknown-id memory). */
  lookups: number;
}

export interface BadgeService {
  get(publicId: string, variant: BadgeVariant, now: Date): Promise<RenderedBadge>;
  /** The "not found in the registry" badge, for ids that cannot exist: no lookup at all. */
  notFound(variant: BadgeVariant): Promise<RenderedBadge>;
  /** The cached variant if there is one: the synchronous part of `get`, for the server's fast lane. */
  peek(key: BadgeKey, nowMs: number): RenderedBadge | undefined;
  invalidate(publicId: string): void;
  clear(): void;
  readonly stats: BadgeServiceStats;
}

// Even without a notification, nothing stays cached longer than this (a safety net, not the mechanism).
const MAX_ENTRY_AGE_MS = 10 * 60_000;
// Unknown ids are told apart by the set of known ids (known-ids.ts); while it loads, ids looked
// up and not found are remembered briefly. Every path that creates a certification announces it
// (NOTIFY), which adds the id to the one and removes it from the other.
const UNKNOWN_ID_TTL_MS = 30_000;
const UNKNOWN_ID_LIMIT = 100_000;

// Variants come from a memo of frozen objects (badge-request.ts): their keys too.
const variantKeys = new WeakMap<BadgeVariant, string>();

function variantKeyOf(variant: BadgeVariant): string {
  let key = variantKeys.get(variant);
  if (key === undefined)
    variantKeys.set(variant, (key = `${variant.format}|${variant.theme}|${variant.lang}|${variant.size}`));
  return key;
}

/** The cache key of one variant of one id (see `BadgeKey`). */
export function badgeKeyOf(publicId: string, variant: BadgeVariant): BadgeKey {
  const variantKey = variantKeyOf(variant);
  return { publicId, variant, found: `${publicId}|${variantKey}`, variantKey };
}

function stateOf(data: BadgeData | undefined, now: Date): BadgeState {
  // A refused application is private: its badge says no more than an unknown id's.
  if (!data || data.status === 'refused') return 'not_found';
  return effectiveStatus({ status: data.status, valid_until: data.validUntil }, now) as BadgeState;
}

/**
 * Renders badges from the registry's current state, caching each variant until the
 * certification changes (invalidate) or its validity ends. Only active certifications carry a
 * credential; every other state renders a readable "not certified" badge, and every unknown id
 * shares one rendered "not found" image per variant.
 */
export function createBadgeService(options: {
  db: Kysely<Database>;
  /** The registry's origin, named in every badge. */
  publicUrl: string;
  maxBytes?: number;
  /** Told when the set of known ids cannot be loaded (lookups then go to the database). */
  onError?: (error: unknown) => void;
}): BadgeService {
  const cache = new BadgeCache<RenderedBadge>(options.maxBytes ?? 64 * 1024 * 1024);
  const registryHost = new URL(options.publicUrl).host;
  // One stats object (the cache's, extended), read by /metrics.
  const stats: BadgeServiceStats = Object.assign(cache.stats, { renders: 0, lookups: 0 });
  const notFound = new NotFoundImages(registryHost, () => stats.renders++);
  const unknown = new UnknownIds({ ttlMs: UNKNOWN_ID_TTL_MS, limit: UNKNOWN_ID_LIMIT });
  const known = new KnownIds(() => allPublicIds(options.db), options.onError ?? (() => undefined));
  void known.load();
  /** True when the id is certainly not in the registry, without asking the database. */
  const isUnknown = (publicId: string, nowMs: number) =>
    !known.mayExist(publicId) || unknown.has(publicId, nowMs);

  const peek = (key: BadgeKey, nowMs: number): RenderedBadge | undefined =>
    cache.get(key.found, nowMs) ??
    (isUnknown(key.publicId, nowMs) ? notFound.peek(key.variantKey) : undefined);

  return {
    stats,
    invalidate(publicId) {
      cache.invalidate(publicId);
      unknown.forget(publicId);
      known.add(publicId);
    },
    clear() {
      cache.clear();
      unknown.forget(null);
      void known.load();
    },
    peek,
    notFound: (variant) => notFound.get(variantKeyOf(variant), variant),
    async get(publicId, variant, now) {
      const key = badgeKeyOf(publicId, variant);
      const nowMs = now.getTime();
      const cached = cache.get(key.found, nowMs);
      if (cached) return cached;
      if (isUnknown(publicId, nowMs)) return notFound.get(key.variantKey, variant);
      const ticket = cache.ticket(publicId);
      const unknownTicket = unknown.ticket();
      stats.lookups++;
      const data = await badgeData(options.db, publicId);
      if (!data) {
        unknown.remember(publicId, nowMs, unknownTicket);
        return notFound.get(key.variantKey, variant);
      }
      const state = stateOf(data, now);
      // Read only: an active certification whose credential the background job has not issued
      // yet (fresh import, seconds after a key rotation) shows its true status without a baked
      // credential, rather than a broken image or a false "not certified"; the job's NOTIFY
      // then drops this entry, so the next request carries the credential.
      const jwt =
        state === 'active'
          ? await servableCredential(options.db, {
              id: data.certificationId,
              valid_from: data.validFrom,
              valid_until: data.validUntil,
            })
          : null;
      stats.renders++;
      const entry = await renderEntry(data, state, variant, jwt, registryHost);
      let expiresAt = nowMs + MAX_ENTRY_AGE_MS;
      if (data.validUntil && state !== 'revoked') expiresAt = Math.min(expiresAt, data.validUntil.getTime());
      cache.set(key.found, publicId, entry, entrySize(entry), expiresAt, ticket);
      return entry;
    },
  };
}
