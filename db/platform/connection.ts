import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database } from '../schema/database.ts';
import { QueuedPGliteDialect } from './pglite-dialect.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DatabaseUnavailableError } from '../errors.ts';
import { createNotifier, type Notifier } from './notifications.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** An open database: the Kysely instance plus what sits beside it (notifications, closing). */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  readonly notifier: Notifier;
  /** PGlite only: the embedded instance, for dumps and backups. */
  readonly pglite: PGlite | null;
  /** pg only: the pool, for health figures. */
  readonly pool: pg.Pool | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  /** A directory, or `memory://` for a throw-away database. */
  dataDir: string;
  /** Who opens an embedded directory, named in the lock ("server", "migrate", …). */
  role?: string;
  /** Tests: start the embedded database from a dump of an already-migrated one. */
  loadDataDir?: Blob;
  poolSize?: number;
}

// Same JS types from both drivers: bigint counts as numbers (ours stay far below 2^53), dates as strings.
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (value: string) => Number(value);
const keepText = (value: string) => value;

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { message?: string };
  return e.code ? `${e.code}: ${e.message ?? ''}`.trim() : String(e?.message ?? error);
}

export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || u.searchParams.get('host') || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}

/** A pg pool that hands back the same JS types as PGlite does; used for the primary and replicas. */
export function createPgPool(url: string, size: number, connectTimeoutMs = 5_000): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: connectTimeoutMs,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  return pool;
}

async function openPostgres(options: OpenOptions & { databaseUrl: string }): Promise<DatabaseHandle> {
  const pool = createPgPool(options.databaseUrl, options.poolSize ?? 10);
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      'database_unreachable',
      `cannot reach PostgreSQL at ${hostOf(options.databaseUrl)} (${describe(error)})`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const notifier = createNotifier({ kind: 'postgres', databaseUrl: options.databaseUrl });
  return {
    db,
    kind: 'postgres',
    notifier,
    pglite: null,
    pool,
    async close() {
      await notifier.close();
      await db.destroy();
    },
  };
}

async function openPGlite(options: OpenOptions): Promise<DatabaseHandle> {
  const inMemory = options.dataDir.startsWith('memory://');
  const unlock = inMemory ? () => undefined : lockDataDir(options.dataDir, options.role ?? 'process');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(inMemory ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers: { [INT8]: parseInt8, [DATE]: keepText },
      // PostgreSQL's default 128 MB of shared buffers would double an embedded server's memory;
      // the OS page cache still holds the data files.
      postgresqlconf: ['shared_buffers=16MB'],
    });
  } catch (error) {
    unlock();
    throw new DatabaseUnavailableError(
      'database_unreadable',
      `cannot open the embedded database in ${options.dataDir} (${describe(error)})`,
    );
  }
  const db = new Kysely<Database>({ dialect: new QueuedPGliteDialect(pglite) });
  const notifier = createNotifier({ kind: 'pglite', pglite });
  return {
    db,
    kind: 'pglite',
    notifier,
    pglite,
    pool: null,
    async close() {
      await notifier.close();
      await db.destroy();
      unlock();
    },
  };
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite database. */
export function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.databaseUrl
    ? openPostgres({ ...options, databaseUrl: options.databaseUrl })
    : openPGlite(options);
}
