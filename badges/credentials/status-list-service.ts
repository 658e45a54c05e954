import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { revokedIndexes, statusListFill } from '../../db/certification/credentials.ts';
import { buildStatusListCredential, encodeStatusList, signStatusListCredential } from './status-list.ts';
import type { KeyStore } from './key-store.ts';

export interface StatusListService {
  /** The signed status list credential (compact JWT) of list `n`, or null if it does not exist. */
  get(n: number, now: Date): Promise<string | null>;
  invalidate(): void;
}

/**
 * Serves Bitstring Status List credentials built from the credential table (the bit of a
 * credential is set when its revoked_at is set, in the same transaction as the lifecycle event).
 * Cached until any certification changes; the generation guard keeps a stale list out.
 */
export function createStatusListService(options: {
  db: Kysely<Database>;
  keys: KeyStore;
  publicUrl: string;
  ttlSeconds: number;
}): StatusListService {
  const cache = new Map<number, string>();
  let generation = 0;
  return {
    invalidate() {
      generation++;
      cache.clear();
    },
    async get(n, now) {
      const hit = cache.get(n);
      if (hit) return hit;
      const started = generation;
      const { list: highest } = await statusListFill(options.db);
      if (!Number.isSafeInteger(n) || n < 1 || n > highest) return null;
      const encodedList = encodeStatusList(await revokedIndexes(options.db, n));
      const key = options.keys.current();
      const vc = buildStatusListCredential({
        publicUrl: options.publicUrl,
        listNumber: n,
        encodedList,
        issuer: `${options.publicUrl}/issuers/registry`,
        validFrom: now,
        ttlSeconds: options.ttlSeconds,
      });
      const jwt = await signStatusListCredential(vc, key);
      if (generation === started) cache.set(n, jwt);
      return jwt;
    },
  };
}
