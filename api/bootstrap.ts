import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import type { Logger } from './log.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedSchemes } from '../db/seed/scheme-files.ts';

/** Opens and migrates the database, seeds the scheme definitions, and assembles the deps. */
export async function createDeps(config: Config, log: Logger, role = 'server'): Promise<Deps> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, role });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info('migrations applied', { applied });
    await seedSchemes(database.db);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return { config, database, log, now: () => new Date(), startedAt: new Date() };
}
