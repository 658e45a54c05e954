import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from './server-process.ts';
import { createPgDatabase, dropPgDatabase } from './databases.ts';
import { prepareRegistry, type PreparedRegistry } from './registry-fixture.ts';
import { openDatabase, type DatabaseHandle } from '../../db/platform/connection.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import type { ChangeHook } from '../../db/certification/transitions.ts';

export interface TwoInstances {
  url: string;
  dataDir: string;
  publicUrl: string;
  /** The test's own connection, with `hooks` that issue and revoke credentials as the servers do. */
  handle: DatabaseHandle;
  hooks: ChangeHook[];
  reg: PreparedRegistry;
  a: ServerProcess;
  b: ServerProcess;
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database with the registry fixture and two server processes on it. They
 * share one key directory, so both instances (and the test) load the same signing key; the
 * first listens on the port PUBLIC_URL names.
 */
export async function startTwoInstances(
  label: string,
  extraEnv: Record<string, string> = {},
): Promise<TwoInstances> {
  const url = await createPgDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `keurmerk-pg-${label}-`));
  const portA = await freePort();
  const publicUrl = `http://127.0.0.1:${portA}`;
  const handle = await openDatabase({ databaseUrl: url, dataDir });
  const keys = await openKeyStore(handle.db, { publicUrl, alg: 'RS256', keyFile: null, dataDir });
  const hooks = [credentialHook({ keys, publicUrl })];
  const reg = await prepareRegistry(handle.db, hooks);
  const env = { DATABASE_URL: url, DATA_DIR: dataDir, PUBLIC_URL: publicUrl, ...extraEnv };
  const [a, b] = await Promise.all([
    startServerProcess({ ...env, PORT: String(portA) }),
    startServerProcess(env),
  ]);
  return {
    url,
    dataDir,
    publicUrl,
    handle,
    hooks,
    reg,
    a,
    b,
    async stop() {
      await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
      await handle.close();
      await dropPgDatabase(url);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
