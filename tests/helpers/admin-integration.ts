import { createReadRouter } from '../../db/platform/replicas/router.ts';
import { loadConfig } from '../../api/app/config.ts';
import { createLogger } from '../../api/app/log.ts';
import type { Deps } from '../../api/app/deps.ts';
import { Metrics } from '../../api/app/metrics.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import { createBadgeService } from '../../badges/serve/badge-service.ts';
import { createStatusListService } from '../../badges/credentials/status-list-service.ts';
import { createMisuseRecorder } from '../../badges/serve/misuse-signals.ts';
import { extractCredential } from '../../badges/verify/input.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { TestDatabase } from './databases.ts';
import type { ActionContext } from '../../api/admin/perform.ts';
import type { Principal } from '../../api/admin/principal.ts';
import type { Role } from '../../api/admin/policy.ts';
import { transparencyLogState } from '../../api/app/transparency-log.ts';

/** Deps around a test database, built the way api/app/bootstrap.ts builds them (memory keys, silent log). */
export async function testDeps(h: TestDatabase, clock: { now: Date } = { now: new Date() }): Promise<Deps> {
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const keys = await openKeyStore(h.db, {
    publicUrl: config.publicUrl,
    alg: 'RS256',
    keyFile: null,
    dataDir: 'memory://',
  });
  const issuer = { keys, publicUrl: config.publicUrl };
  const misuse = createMisuseRecorder({
    db: h.db,
    log,
    ownHost: '127.0.0.1',
    newHostsPerDay: config.misuseHostsPerDay,
  });
  return {
    config,
    database: h,
    reads: createReadRouter({ primary: h.db, replicaUrls: [], maxLagMs: 0 }),
    readFloorKey: null,
    log,
    now: () => clock.now,
    startedAt: new Date(),
    keys,
    badges: createBadgeService({ db: h.db, publicUrl: config.publicUrl }),
    statusLists: createStatusListService({ db: h.db, keys, publicUrl: config.publicUrl, ttlSeconds: 60 }),
    misuse,
    lifecycleHooks: [credentialHook(issuer)],
    metrics: new Metrics(),
    extractor: {
      extract: async (source, bytes) => extractCredential(source, bytes),
      close: async () => undefined,
    },
    verifyLimit: { admit: () => ({ ok: true }) },
    transparencyLog: transparencyLogState(h.db, null, { servedTileBytes: 0, proofTileBytes: 0 }),
    close: async () => {
      await misuse.close();
    },
  };
}

let tokenIds = 1000;

/** A token principal of a role (the row need not exist: operations only read the principal). */
export function tokenPrincipal(role: Role, name = `test-${role}`, ownerId: number | null = null): Principal {
  return { kind: 'token', id: tokenIds++, name, role, ownerId };
}

let owners = 0;

/**
 * A token principal whose owner exists (a staff row of the same role, without a usable
 * password): what making tokens needs, since a token acts for its owner.
 */
export async function ownedTokenPrincipal(db: Kysely<Database>, role: Role): Promise<Principal> {
  const { id } = await db
    .insertInto('staff_user')
    .values({
      email: `owner-${process.pid}-${++owners}-${Date.now()}@keurmerk.test`,
      display_name: 'Token owner',
      role,
      password_hash: 'not a usable hash',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return tokenPrincipal(role, `test-${role}`, id);
}

export function context(deps: Deps, principal: Principal, via: 'api' | 'ui' | 'cli' = 'api'): ActionContext {
  return { deps, principal, via, clientAddress: '192.0.2.7', requestId: 'test' };
}
