import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Notifier } from '../../db/platform/notifications.ts';
import { cachedRecord } from './records.ts';
import type { KeyStore } from '../credentials/key-store.ts';
import type { StatusListService } from '../credentials/status-list-service.ts';
import type { KeyResolver } from './jws-key.ts';
import type { VerifyContext } from './service.ts';

/** The parts of the server's deps a live verification uses (api/app/deps.ts `Deps` fits). */
export interface RegistryDeps {
  readonly config: { readonly publicUrl: string };
  readonly database: { readonly db: Kysely<Database>; readonly notifier: Notifier };
  readonly keys: KeyStore;
  readonly statusLists: StatusListService;
  now(): Date;
}

// The published key set changes on rotation and when a retired key's last credential expires.
// A few seconds of staleness admits nothing (a token is only valid when the registry holds exactly
// that token), and it keeps a database query off every verification.
const KEYS_TTL_MS = 5_000;
// An unknown kid reloads the set at most this often, so random kids cannot hammer the database.
const MISS_RELOAD_MS = 1_000;

interface KeyCache {
  byKid: Map<string, JWK>;
  loadedAt: number;
  loading: Promise<void> | null;
}
const keyCaches = new WeakMap<KeyStore, KeyCache>();

function keyResolver(keys: KeyStore, now: () => Date): KeyResolver {
  let cache = keyCaches.get(keys);
  if (!cache) {
    cache = { byKid: new Map(), loadedAt: -Infinity, loading: null };
    keyCaches.set(keys, cache);
  }
  const state = cache;
  const reload = (): Promise<void> =>
    (state.loading ??= keys
      .published(now())
      .then((published) => {
        state.byKid = new Map(published.map((jwk) => [jwk.kid, jwk as JWK]));
        state.loadedAt = Date.now();
      })
      .finally(() => {
        state.loading = null;
      }));
  return async (kid) => {
    if (Date.now() - state.loadedAt > KEYS_TTL_MS) await reload();
    const hit = state.byKid.get(kid);
    if (hit || Date.now() - state.loadedAt < MISS_RELOAD_MS) return hit;
    await reload();
    return state.byKid.get(kid);
  };
}

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The verification context of the running registry: its published keys (current and retired
 * ones still needed), its own status lists read in-process, and its credential records. Nothing
 * is fetched over the network, least of all a URL named in a token.
 */
export function registryContext(deps: RegistryDeps): VerifyContext {
  const now = deps.now();
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');
  return {
    publicUrl,
    now,
    jwks: keyResolver(deps.keys, () => deps.now()),
    async statusList(url) {
      const match = /^\/status\/([1-9]\d{0,5})$/.exec(
        url.startsWith(publicUrl) ? url.slice(publicUrl.length) : '',
      );
      return match ? deps.statusLists.get(Number(match[1]), now) : null;
    },
    async registry(credentialId) {
      return UUID_URN.test(credentialId) ? cachedRecord(deps.database, credentialId, now) : undefined;
    },
  };
}
