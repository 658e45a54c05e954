import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from '../migrations/index.ts';
import { DatabaseUnavailableError } from '../errors.ts';

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  /** Names recorded in the database that this version does not know: written by a newer version. */
  unknown: string[];
}

/** Which migrations the database has, lacks, and has but we do not know. */
export async function migrationState(db: Kysely<any>): Promise<MigrationState> {
  const known = Object.keys(migrations);
  const exists = await sql<{
    present: boolean;
  }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  const applied = exists.rows[0]?.present
    ? (await db.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map(
        (r) => r.name as string,
      )
    : [];
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}

function failure(results: MigrationResult[] | undefined, error: unknown): DatabaseUnavailableError {
  const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError('migration_failed', `migration ${failed} failed: ${reason}`);
}

/**
 * Brings the schema up to date. Refuses a database written by a newer version instead of
 * guessing: migrating it down would throw away data.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const state = await migrationState(db);
  if (state.unknown.length > 0) {
    throw new DatabaseUnavailableError(
      'schema_too_new',
      `the database was written by a newer version of Keurmerk (it has migration ${state.unknown.join(', ')}, ` +
        'which this version does not know); upgrade Keurmerk or restore a matching backup',
    );
  }
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw failure(results, error);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Undoes the newest migration. */
export async function migrateDown(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateDown();
  if (error) throw failure(results, error);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
