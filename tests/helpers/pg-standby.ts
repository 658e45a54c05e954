import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server-process.ts';
import { postgresBin, type PgCluster } from './pg-cluster.ts';

const exec = promisify(execFile);

export interface PgStandby extends PgCluster {
  /** Runs one statement on the standby (pause or resume replay, read its position). */
  query<T extends Record<string, unknown>>(text: string): Promise<T[]>;
}

/**
 * A streaming standby of a private cluster: `pg_basebackup -R` copies the primary and writes the
 * standby settings, and the copy starts on its own port and temporary directory. PostgreSQL's
 * defaults (wal_level=replica, 10 WAL senders, replication allowed from 127.0.0.1 by initdb's
 * trust) are what streaming needs.
 */
export async function createStandby(primary: PgCluster): Promise<PgStandby> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keurmerk-standby-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (args: string[]) =>
    exec(asPostgres[0] ?? args[0]!, [...asPostgres.slice(1), ...(asPostgres.length ? args : args.slice(1))]);
  if (asPostgres.length) await exec('chown', ['postgres:postgres', dir]);
  await run([
    path.join(bin, 'pg_basebackup'),
    ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data],
    ...['-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
  ]);
  const pgCtl = path.join(bin, 'pg_ctl');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on`;
  const start = () =>
    run([pgCtl, '-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']).then(() => undefined);
  const stop = () => run([pgCtl, '-D', data, '-m', 'fast', '-w', 'stop']).then(() => undefined);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/keurmerk`;
  return {
    url,
    port,
    dir,
    start,
    stop,
    async restart(downMs = 0) {
      await stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async destroy() {
      await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async query<T extends Record<string, unknown>>(text: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    },
  };
}
