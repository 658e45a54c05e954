import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database } from '../schema/database.ts';
import { openDatabase } from './connection.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { verifyChain, type ChainVerdict } from '../certification/event-chain.ts';
import { KeurmerkError } from '../errors.ts';

export type BackupKind = 'pglite' | 'postgres';

/** What a restored (or any) database holds: the figures a restore is checked against. */
export interface DatabaseSummary {
  organisations: number;
  certifications: number;
  events: number;
  credentials: number;
  chain: ChainVerdict;
}

export async function summarise(db: Kysely<Database>): Promise<DatabaseSummary> {
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;
  return {
    organisations: await count('organisation'),
    certifications: await count('certification'),
    events: await count('certification_event'),
    credentials: await count('credential'),
    chain: await verifyChain(db),
  };
}

/** Recognises a backup file by its first bytes: pg_dump's custom format or PGlite's gzip tarball. */
export async function backupKindOf(file: string): Promise<BackupKind> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') return 'postgres';
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) return 'pglite';
  } finally {
    await handle.close();
  }
  throw new KeurmerkError(
    'backup_unknown',
    `${file} is neither a pg_dump custom-format file nor a PGlite backup.`,
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new KeurmerkError(
          'backup_tool_missing',
          error.code === 'ENOENT'
            ? `${command} is not installed (Debian: apt-get install postgresql-client).`
            : error.message,
        ),
      ),
    );
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new KeurmerkError('backup_tool_failed', `${command} failed: ${stderr.trim().split('\n').at(-1)}`),
          ),
    );
  });
}

/** libpq environment for a URL, so no password appears on a command line (visible in `ps`). */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: u.hostname || u.searchParams.get('host') || 'localhost',
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
    PGUSER: decodeURIComponent(u.username) || 'postgres',
  };
  if (u.password) env['PGPASSWORD'] = decodeURIComponent(u.password);
  return env;
}

/** PostgreSQL: a pg_dump custom-format archive (compressed, restorable table by table). */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', '--file', file], libpqEnv(url));
}

/** Restores into an empty PostgreSQL database (refuses one that has tables: nothing is overwritten). */
export async function restorePostgres(file: string, url: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  try {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(handle.db);
    if (rows[0]!.n > 0) {
      throw new KeurmerkError(
        'restore_target_not_empty',
        'The target database is not empty; restore into a new, empty database.',
      );
    }
  } finally {
    await handle.close();
  }
  await run(
    'pg_restore',
    ['--no-owner', '--exit-on-error', '--dbname', libpqEnv(url)['PGDATABASE']!, file],
    libpqEnv(url),
  );
}

/** PGlite: the data directory as a gzip tarball, through PGlite's own dump API (the directory is locked). */
export async function backupPglite(dataDir: string, file: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'backup' });
  try {
    const dump = await handle.pglite!.dumpDataDir('gzip');
    await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  } finally {
    await handle.close();
  }
}

/** Restores a PGlite backup into a new or empty data directory. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  const existing = await fs.readdir(dataDir).catch(() => []);
  if (existing.length > 0) {
    throw new KeurmerkError(
      'restore_target_not_empty',
      `${dataDir} is not empty; restore into a new, empty directory.`,
    );
  }
  const unlock = lockDataDir(dataDir, 'restore');
  try {
    const pglite = await PGlite.create({
      dataDir,
      loadDataDir: new Blob([await fs.readFile(file)]),
      extensions: { pg_trgm },
    });
    await pglite.close();
  } finally {
    unlock();
  }
}
