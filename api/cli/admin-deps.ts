import type { Config } from '../app/config.ts';
import { baseDeps, type Deps } from '../app/deps.ts';
import type { Logger } from '../app/log.ts';
import { Metrics } from '../app/metrics.ts';
import { extractCredential } from '../../badges/verify/input.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { openCliDatabase } from './with-database.ts';
import { transparencyLogState } from '../app/transparency-log.ts';

function unavailable(what: string): never {
  throw new KeurmerkError(
    'not_in_cli',
    `${what} needs the running server; use the admin API or the admin pages.`,
  );
}

/**
 * Deps for the admin command line: the database (migrated, schemes loaded, first admin from
 * ADMIN_EMAIL) without the signing keys and badge machinery. The CLI must not create a signing
 * key as a side effect (it would be bound to the CLI's PUBLIC_URL), and a lifecycle change made
 * here could not issue or revoke credentials — so those fail loudly instead of half-working.
 */
export async function createCliDeps(config: Config, log: Logger): Promise<Deps> {
  // Opened here and closed by the deps' close(): the database outlives this function.
  const database = await openCliDatabase(config, { role: 'admin cli', migrate: true, seedSchemes: true });
  try {
    await ensureFirstAdmin(database.db, config, log);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  const noop = () => undefined;
  return {
    ...baseDeps(config, database, log),
    keys: {
      current: () => unavailable('Signing'),
      published: async () => unavailable('Publishing keys'),
      reload: async () => unavailable('Key rotation'),
    },
    badges: {
      get: async () => unavailable('Rendering badges'),
      notFound: async () => unavailable('Rendering badges'),
      peek: () => undefined,
      invalidate: noop,
      clear: noop,
      stats: { hits: 0, misses: 0, bytes: 0, entries: 0, invalidations: 0, renders: 0, lookups: 0 },
    },
    statusLists: { get: async () => unavailable('Status lists'), invalidate: noop },
    misuse: {
      observe: noop,
      flush: async () => undefined,
      close: async () => undefined,
      stats: { dropped: 0 },
    },
    lifecycleHooks: [async () => unavailable('A change of certification status')],
    metrics: new Metrics(),
    extractor: {
      extract: async (source, bytes) => extractCredential(source, bytes),
      close: async () => undefined,
    },
    verifyLimit: { admit: () => ({ ok: true }) },
    transparencyLog: transparencyLogState(database.db, null, { servedTileBytes: 0, proofTileBytes: 0 }),
    close: () => database.close(),
  };
}
