import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import type { Logger } from './log.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedSchemes } from '../db/seed/scheme-files.ts';
import { CERTIFICATION_CHANNEL } from '../db/certifications.ts';
import { openKeyStore } from '../badges/key-store.ts';
import { KEYS_CHANNEL } from '../db/signing-keys.ts';
import { credentialHook } from '../badges/issuance.ts';
import { createBadgeService } from '../badges/badge-service.ts';
import { createStatusListService } from '../badges/status-list-service.ts';
import { createMisuseRecorder } from '../badges/misuse-signals.ts';
import { loadBadgeFonts } from '../badges/render/fonts.ts';

/** Opens and migrates the database, seeds the scheme definitions, and assembles the deps. */
export async function createDeps(config: Config, log: Logger, role = 'server'): Promise<Deps> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, role });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info('migrations applied', { applied });
    await seedSchemes(database.db);
    const keys = await openKeyStore(database.db, {
      publicUrl: config.publicUrl,
      alg: config.signingAlg,
      keyFile: config.signingKeyFile,
      dataDir: config.dataDir,
    });
    const issuer = { keys, publicUrl: config.publicUrl };
    const badges = createBadgeService({ db: database.db, issuer });
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
    });
    // Every committed status change, from any process, drops what this process cached for it.
    await database.notifier.listen(
      CERTIFICATION_CHANNEL,
      (publicId) => {
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
    await loadBadgeFonts();
    return {
      config,
      database,
      log,
      now: () => new Date(),
      startedAt: new Date(),
      keys,
      badges,
      statusLists,
      misuse,
      lifecycleHooks: [credentialHook(issuer)],
      async close() {
        await misuse.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
