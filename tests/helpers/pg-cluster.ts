import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server-process.ts';

const exec = promisify(execFile);

/** The PostgreSQL server binaries of this machine (Debian layout), or null. */
export function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const version = fs.readdirSync(base).sort().at(-1);
  const bin = version ? path.join(base, version, 'bin') : null;
  return bin && fs.existsSync(path.join(bin, 'initdb')) ? bin : null;
}

export interface PgCluster {
  readonly url: string;
  readonly port: number;
  /** The temporary directory holding the data directory and the log. */
  readonly dir: string;
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A private PostgreSQL cluster on its own port, for tests that stop or restart the server: the
 * shared one on 5432 serves the other test files running at the same time.
 */
export async function createPgCluster(): Promise<PgCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keurmerk-pgcluster-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root; the cluster belongs to the postgres system user.
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (args: string[]) =>
    exec(asPostgres[0] ?? args[0]!, [...asPostgres.slice(1), ...(asPostgres.length ? args : args.slice(1))]);
  if (asPostgres.length) await exec('chown', ['postgres:postgres', dir]);
  await run([path.join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = path.join(bin, 'pg_ctl');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    run([pgCtl, '-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']).then(() => undefined);
  const stop = () => run([pgCtl, '-D', data, '-m', 'fast', '-w', 'stop']).then(() => undefined);
  await start();
  await exec('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'postgres',
    '-qc',
    'create database keurmerk',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/keurmerk`,
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
  };
}
