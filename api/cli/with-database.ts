import type { Config } from '../app/config.ts';
import { openDatabase, type DatabaseHandle } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';

export interface WithDatabaseOptions {
  /** Who holds the embedded data directory's lock while the command runs ("migrate", "seeder", …). */
  role: string;
  /** Bring the schema up to date before `fn` runs. */
  migrate?: boolean;
  /** Load the scheme definitions from db/seed/schemes/ (after migrating). */
  seedSchemes?: boolean;
}

/**
 * Opens the configured database (taking the data directory's lock), migrates and seeds it as
 * asked, and hands it over still open. Closed again, and the lock released, when preparing fails.
 * For commands whose database outlives one function (the admin CLI's deps); others use
 * {@link withDatabase}.
 */
export async function openCliDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: WithDatabaseOptions,
): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    role: options.role,
  });
  try {
    if (options.migrate) await migrateToLatest(database.db);
    if (options.seedSchemes) await seedSchemes(database.db);
  } catch (error) {
    // The preparing error is the one worth reporting, not a failure to close after it.
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

/**
 * Runs `fn` on the configured database, opened (and migrated and seeded as asked) by
 * {@link openCliDatabase}, and closes it whatever `fn` does: one command, one open and one close.
 */
export async function withDatabase<T>(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  fn: (database: DatabaseHandle) => Promise<T>,
  options: WithDatabaseOptions,
): Promise<T> {
  const database = await openCliDatabase(config, options);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
