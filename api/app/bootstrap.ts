import type { Config } from './config.ts';
import { baseDeps, type Deps } from './deps.ts';
import type { Logger } from './log.ts';
import { openDatabase, type DatabaseHandle } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { CERTIFICATION_CHANNEL } from '../../db/certification/transitions.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { KEYS_CHANNEL } from '../../db/keys/signing-keys.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import { statusMailHook } from '../notifications/status-mail-hook.ts';
import { createBadgeService } from '../../badges/serve/badge-service.ts';
import { createStatusListService } from '../../badges/credentials/status-list-service.ts';
import { createMisuseRecorder } from '../../badges/serve/misuse-signals.ts';
import { loadBadgeFonts } from '../../badges/render/fonts.ts';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import { ensureDemoAdmin, type DemoCredentials } from '../auth/demo-admin.ts';
import { ensureDemoMembers, type DemoMember } from '../member/demo-members.ts';
import { Metrics } from './metrics.ts';
import { createExtractPool } from '../../badges/verify/extract-pool.ts';
import { createRateLimiter } from '../http/rate-limit.ts';
import { createEdgePurger } from '../edge/edge-purger.ts';
import { badgeChange, certificationChange, keysChange } from '../edge/edge-change.ts';
import { edgePurgeGauges } from '../edge/purge-metrics.ts';
import { startCredentialIssuer } from './credential-issuer.ts';
import { followCheckpoints, transparencyLogState } from './transparency-log.ts';
import { LOG_KEYS_CHANNEL, openLogKeys } from '../../db/log/log-key.ts';
import { logOrigin } from '../../db/log/checkpoint.ts';
import { startSequencer, type Sequencer } from '../../db/log/sequencer-loop.ts';
import { createReadRouter } from '../../db/platform/replicas/router.ts';
import { registrySecret } from '../../db/platform/registry-secret.ts';
import { replicaGauges } from './replica-metrics.ts';
import { startWitnessParts } from '../witness/start.ts';
import { forkLatestCheckpoint } from '../../db/log/witness/split-view-fault.ts';

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
): Promise<Deps & { readonly demoAdmin: DemoCredentials | null; readonly demoMembers: DemoMember[] }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, role });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info('migrations applied', { applied });
    await seedSchemes(database.db);
    const configured = config.adminEmail !== null && config.adminPassword !== null;
    const demoAdmin = options.demo && !configured ? await ensureDemoAdmin(database.db) : null;
    await ensureFirstAdmin(database.db, config, log);
    const demoMembers = options.demo ? await ensureDemoMembers(database.db) : [];
    const keys = await openKeyStore(database.db, {
      publicUrl: config.publicUrl,
      alg: config.signingAlg,
      keyFile: config.signingKeyFile,
      dataDir: config.dataDir,
    });
    const issuer = { keys, publicUrl: config.publicUrl };
    const badges = createBadgeService({
      db: database.db,
      publicUrl: config.publicUrl,
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
    // Every instance purges the edges after dropping its own copy: the edge refills from any
    // instance, so only a purge sent after the last instance has forgotten the old badge is final.
    // Purges are idempotent; N instances send N (coalesced while one is under way).
    const edge = createEdgePurger({
      targets: config.edgePurge,
      tokens: { fastly: config.fastlyApiToken, cloudflare: config.cloudflareApiToken },
      log,
    });
    const purgeCertification = (publicId: string) => {
      if (config.edgePurge.length === 0) return;
      certificationChange(database.db, publicId).then(edge.purge, (error: unknown) => {
        // Without its status lists the badge itself is still purged.
        log.warn('status lists of a change not read; purging the badge only', { error, publicId });
        edge.purge(badgeChange(publicId));
      });
    };
    // Credentials are issued here, never by a badge request (no anonymous request writes).
    const credentials = startCredentialIssuer({ db: database.db, issuer, log, now: () => new Date() });
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
        purgeCertification(publicId);
        // New certifications (import, seed) may need credentials; a burst asks once.
        credentials.kick();
      },
      () => {
        log.warn('notification connection re-established; flushing badge cache');
        badges.clear();
        statusLists.invalidate();
      },
    );
    // A rotated key: sign with it from now on; the credential issuer re-issues badges' credentials.
    await database.notifier.listen(KEYS_CHANNEL, () => {
      keys
        .reload()
        .then(async () => {
          badges.clear();
          statusLists.invalidate();
          if (config.edgePurge.length > 0) {
            const published = await keys.published(new Date());
            edge.purge(
              keysChange(
                published.map((k) => k.kid),
                config.publicUrl,
              ),
            );
          }
          credentials.kick();
        })
        .catch((error: unknown) => log.error('could not load the rotated signing key', { error }));
    });
    metrics.addGauges(() => edgePurgeGauges(edge.stats));
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
    let onCheckpoint = () => {};
    const sequencer = config.logSequencer
      ? await startLogSequencer(database, config, log, () => onCheckpoint())
      : null;
    const { witness, witnessing } = await startWitnessParts({
      database,
      config,
      log,
      metrics,
      sequencing: sequencer !== null,
    });
    const transparencyLog = { ...transparencyLogState(database.db, sequencer), witness, witnessing };
    onCheckpoint = () => transparencyLog.checkpoints.invalidate();
    await followCheckpoints(database.notifier, transparencyLog);
    return {
      demoAdmin,
      demoMembers,
      ...baseDeps(config, database, log, reads, readFloorKey),
      keys,
      badges,
      statusLists,
      misuse,
      lifecycleHooks: [credentialHook(issuer), statusMailHook(config.publicUrl)],
      metrics,
      extractor,
      verifyLimit: createRateLimiter({ perMinute: config.verifyRateLimit }),
      transparencyLog,
      async close() {
        edge.close();
        await credentials.stop();
        await witnessing?.stop();
        await sequencer?.stop();
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

/**
 * Opens the checkpoint key and starts sequencing. Every instance may run one: the log's advisory
 * lock lets one at a time work, so any of them keeps the log moving when another stops.
 */
async function startLogSequencer(
  database: DatabaseHandle,
  config: Config,
  log: Logger,
  onCheckpoint: () => void,
): Promise<Sequencer> {
  const origin = logOrigin(config.publicUrl);
  const keys = await openLogKeys(database.db, {
    origin,
    keyFile: config.logKeyFile,
    dataDir: config.dataDir,
  });
  if (keys.current().name !== origin)
    log.warn('the transparency log keeps the origin it was created with', {
      origin: keys.current().name,
      configured: origin,
    });
  if (config.witness.testFault === 'split-view') {
    // TEST ONLY (config refuses it outside NODE_ENV=test): publish a second root for a size.
    const fork = await forkLatestCheckpoint(database.db, keys.current());
    log.warn('TEST FAULT split-view: the log was forked at its latest checkpoint', {
      size: fork?.size ?? null,
    });
  }
  await database.notifier.listen(LOG_KEYS_CHANNEL, () => {
    keys.reload().catch((error: unknown) => log.error('could not load the rotated log key', { error }));
  });
  return startSequencer({
    db: database.db,
    notifier: database.notifier,
    keys,
    onCheckpoint,
    onError: (error) => log.error('log sequencing failed; retrying', { error }),
  });
}
