import type { Config } from './config.ts';
import { baseDeps, type Deps } from './deps.ts';
import type { Logger } from './log.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { CERTIFICATION_CHANNEL } from '../../db/certification/transitions.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { KEYS_CHANNEL } from '../../db/keys/signing-keys.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import { createBadgeService } from '../../badges/serve/badge-service.ts';
import { createStatusListService } from '../../badges/credentials/status-list-service.ts';
import { createMisuseRecorder } from '../../badges/serve/misuse-signals.ts';
import { loadBadgeFonts } from '../../badges/render/fonts.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { ensureDemoAdmin, type DemoCredentials } from '../auth/demo-admin.ts';
import { Metrics } from './metrics.ts';
import { createExtractPool } from '../../badges/verify/extract-pool.ts';
import { createRateLimiter } from '../http/rate-limit.ts';
import { createReadRouter } from '../../db/platform/replicas/router.ts';
import { registrySecret } from '../../db/platform/registry-secret.ts';
import { replicaGauges } from './replica-metrics.ts';

/**
 * Opens and migrates the database, seeds the scheme definitions, and assembles the deps. In demo
 * mode (and without ADMIN_EMAIL/ADMIN_PASSWORD) a database without staff gets a demo admin, whose
 * credentials come back once in `demoAdmin` for the entry point to print.
 */
export async function createDeps(
  config: Config,
  log: Logger,
  role = 'server',
  options: { demo?: boolean } = {},
): Promise<Deps & { readonly demoAdmin: DemoCredentials | null }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, role });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info('migrations applied', { applied });
    await seedSchemes(database.db);
    const configured = config.adminEmail !== null && config.adminPassword !== null;
    const demoAdmin = options.demo && !configured ? await ensureDemoAdmin(database.db) : null;
    await ensureFirstAdmin(database.db, config, log);
    const keys = await openKeyStore(database.db, {
      publicUrl: config.publicUrl,
      alg: config.signingAlg,
      keyFile: config.signingKeyFile,
      dataDir: config.dataDir,
    });
    const issuer = { keys, publicUrl: config.publicUrl };
    const badges = createBadgeService({
      db: database.db,
      issuer,
      onError: (error) => log.warn('known badge ids not loaded; unknown ids are looked up', { error }),
    });
    const statusLists = createStatusListService({
      db: database.db,
      keys,
      publicUrl: config.publicUrl,
      ttlSeconds: config.badgeMaxAgeSeconds,
    });
    const misuse = createMisuseRecorder({
      db: database.db,
      log,
      ownHost: new URL(config.publicUrl).hostname,
      newHostsPerDay: config.misuseHostsPerDay,
    });
    const metrics = new Metrics();
    const reads = createReadRouter({
      primary: database.db,
      replicaUrls: config.replicaUrls,
      maxLagMs: config.replicaMaxLagSeconds * 1000,
    });
    // Until the first round answers every read is the primary's; a replica down at start is no error.
    await reads.check();
    const readFloorKey = reads.replicated
      ? (config.registrySecret ?? (await registrySecret(database.db, 'read_floor_key')))
      : null;
    metrics.addGauges(() => replicaGauges(reads));
    // Every committed status change, from any process, drops what this process cached for it.
    await database.notifier.listen(
      CERTIFICATION_CHANNEL,
      (publicId) => {
        metrics.increment(
          'keurmerk_status_changes_total',
          'Certification status changes heard (from any instance).',
        );
        badges.invalidate(publicId);
        statusLists.invalidate();
      },
      () => {
        log.warn('notification connection re-established; flushing badge cache');
        badges.clear();
        statusLists.invalidate();
      },
    );
    // A rotated key: sign with it from now on, and re-issue badges as they are next requested.
    await database.notifier.listen(KEYS_CHANNEL, () => {
      keys
        .reload()
        .then(() => {
          badges.clear();
          statusLists.invalidate();
        })
        .catch((error: unknown) => log.error('could not load the rotated signing key', { error }));
    });
    metrics.addGauges(() => {
      const pool = database.pool;
      return [
        {
          name: 'keurmerk_badge_cache_hits_total',
          help: 'Badge cache hits.',
          type: 'counter',
          value: badges.stats.hits,
        },
        {
          name: 'keurmerk_badge_cache_misses_total',
          help: 'Badge cache lookups that found nothing (a request can miss in both lanes).',
          type: 'counter',
          value: badges.stats.misses,
        },
        {
          name: 'keurmerk_badge_renders_total',
          help: 'Badges rendered (each unknown-id variant is rendered once and shared).',
          type: 'counter',
          value: badges.stats.renders,
        },
        {
          name: 'keurmerk_badge_lookups_total',
          help: 'Database lookups of badge data on a cache miss.',
          type: 'counter',
          value: badges.stats.lookups,
        },
        {
          name: 'keurmerk_badge_cache_bytes',
          help: 'Bytes held by the badge cache.',
          type: 'gauge',
          value: badges.stats.bytes,
        },
        {
          name: 'keurmerk_badge_cache_entries',
          help: 'Variants held by the badge cache.',
          type: 'gauge',
          value: badges.stats.entries,
        },
        {
          name: 'keurmerk_misuse_hosts_dropped_total',
          help: 'Foreign Referer hosts not recorded: a cap on new hosts was reached (counted per flush).',
          type: 'counter',
          value: misuse.stats.dropped,
        },
        {
          name: 'keurmerk_listen_reconnects_total',
          help: 'Times the LISTEN connection was re-established.',
          type: 'counter',
          value: database.notifier.reconnects,
        },
        // One series per state; the embedded database has one connection and no pool.
        ...Object.entries({
          total: pool?.totalCount ?? 1,
          idle: pool?.idleCount ?? 0,
          waiting: pool?.waitingCount ?? 0,
        }).map(([state, value]) => ({
          name: 'keurmerk_db_pool_connections',
          help: 'Database pool connections by state.',
          type: 'gauge' as const,
          value,
          labels: { state },
        })),
        {
          name: 'keurmerk_process_resident_bytes',
          help: 'Resident memory of this process.',
          type: 'gauge',
          value: process.memoryUsage.rss(),
        },
      ];
    });
    await loadBadgeFonts();
    const extractor = createExtractPool({ size: config.verifyWorkers, queueLimit: config.verifyQueue });
    return {
      demoAdmin,
      ...baseDeps(config, database, log, reads, readFloorKey),
      keys,
      badges,
      statusLists,
      misuse,
      lifecycleHooks: [credentialHook(issuer)],
      metrics,
      extractor,
      verifyLimit: createRateLimiter({ perMinute: config.verifyRateLimit }),
      async close() {
        await extractor.close();
        await misuse.close();
        await reads.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
