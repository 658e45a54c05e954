import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from './server-process.ts';
import { createPgDatabase, dropPgDatabase } from './databases.ts';
import { prepareAdmin, prepareAdminDataDir, type AdminFixture } from './admin-e2e.ts';
import { prepareRegistry } from './registry-fixture.ts';
import { openDatabase, type DatabaseHandle } from '../../db/platform/connection.ts';

export type RegistryDatabase = 'pglite' | 'postgres';

/** The databases a real-server test runs on: PGlite always, PostgreSQL with TEST_DATABASE_URL. */
export const SERVER_DATABASES: RegistryDatabase[] = process.env['TEST_DATABASE_URL']
  ? ['pglite', 'postgres']
  : ['pglite'];

export interface RegistryServer {
  server: ServerProcess;
  fixture: AdminFixture;
  /** The test's own connection (PostgreSQL only: an embedded directory has one owner, the server). */
  handle: DatabaseHandle | null;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** One server process on the registry fixture (with staff and tokens), metrics on their own port. */
export async function startRegistryServer(
  kind: RegistryDatabase,
  env: Record<string, string> = {},
): Promise<RegistryServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `keurmerk-${kind}-`));
  const metricsPort = await freePort();
  let url: string | null = null;
  let handle: DatabaseHandle | null = null;
  let fixture: AdminFixture;
  if (kind === 'postgres') {
    url = await createPgDatabase();
    handle = await openDatabase({ databaseUrl: url, dataDir });
    fixture = { reg: await prepareRegistry(handle.db), ...(await prepareAdmin(handle.db)) };
  } else {
    fixture = await prepareAdminDataDir(dataDir);
  }
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    METRICS_PORT: String(metricsPort),
    ...(url ? { DATABASE_URL: url } : {}),
    ...env,
  });
  return {
    server,
    fixture,
    handle,
    metrics: async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
    async stop() {
      await server.stop('SIGKILL');
      await handle?.close();
      if (url) await dropPgDatabase(url);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** One counter or gauge from a Prometheus text page (NaN when absent). */
export function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return Number(match?.[1] ?? NaN);
}
