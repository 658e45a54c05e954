import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { createPgCluster, postgresBin, type PgCluster } from '../../helpers/pg-cluster.ts';
import { prepareRegistry, type PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { openDatabase, type DatabaseHandle } from '../../../db/platform/connection.ts';
import { migrateToLatest, migrationState } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { openKeyStore } from '../../../badges/credentials/key-store.ts';
import { credentialHook } from '../../../badges/credentials/issuance.ts';
import { revoke, type ChangeHook } from '../../../db/certification/transitions.ts';
import { verifyChain } from '../../../db/certification/event-chain.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer t' } })
  ).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

// A private cluster, so stopping PostgreSQL does not disturb the test files running beside this one.
describe.runIf(postgresBin())('PostgreSQL restarted under badge traffic', () => {
  let cluster: PgCluster;
  let keysDir: string;
  let handle: DatabaseHandle;
  let hooks: ChangeHook[];
  let reg: PreparedRegistry;
  let server: ServerProcess;

  beforeAll(async () => {
    cluster = await createPgCluster();
    keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-faults-'));
    handle = await openDatabase({ databaseUrl: cluster.url, dataDir: keysDir });
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    const keys = await openKeyStore(handle.db, {
      publicUrl: 'http://127.0.0.1',
      alg: 'RS256',
      keyFile: null,
      dataDir: keysDir,
    });
    hooks = [credentialHook({ keys, publicUrl: 'http://127.0.0.1' })];
    reg = await prepareRegistry(handle.db, hooks);
    await handle.close();
    server = await startServerProcess({
      DATABASE_URL: cluster.url,
      DATA_DIR: keysDir,
      METRICS_TOKEN: 't',
      PUBLIC_URL: 'http://127.0.0.1',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await cluster?.destroy();
    await fs.rm(keysDir, { recursive: true, force: true });
  });

  it('keeps serving cached badges, answers the rest with 503, and recovers by itself', async () => {
    const cachedUrl = `${server.url}/badges/${reg.active}.svg`;
    expect((await fetch(cachedUrl)).status).toBe(200); // now cached
    const missesBefore = await metric(server, 'keurmerk_badge_cache_misses_total');

    // Traffic on the cached badge throughout the outage.
    let stop = false;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (!stop) {
        statuses.push((await fetch(cachedUrl)).status);
        await sleep(10);
      }
    })();

    await cluster.stop();
    const uncached = await fetch(`${server.url}/badges/${reg.activeBe}.svg`);
    expect(uncached.status).toBe(503);
    expect(uncached.headers.get('content-type')).toBe('application/problem+json');
    expect(uncached.headers.get('retry-after')).toBe('5');
    expect(await uncached.json()).toMatchObject({
      status: 503,
      type: expect.stringContaining('database_unavailable'),
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    // A page says so too (in its language), instead of crashing or claiming "not found".
    const page = await fetch(`${server.url}/en/search?q=klant`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toContain('Briefly unavailable');
    await sleep(500);
    await cluster.start();

    // The pool and the LISTEN connection come back without a restart of our server.
    await expect
      .poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 15_000, interval: 200 })
      .toBe(200);
    await expect
      .poll(() => metric(server, 'keurmerk_listen_reconnects_total'), { timeout: 15_000, interval: 200 })
      .toBeGreaterThanOrEqual(1);
    stop = true;
    await traffic;
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await fetch(`${server.url}/badges/${reg.activeBe}.svg`)).status).toBe(200);

    // The cache was flushed after reconnecting: the cached badge is rendered afresh.
    await fetch(cachedUrl);
    expect(await metric(server, 'keurmerk_badge_cache_misses_total')).toBeGreaterThan(missesBefore + 1);

    // And notifications flow again: a revocation committed now reaches the server.
    const again = await openDatabase({ databaseUrl: cluster.url, dataDir: keysDir });
    try {
      await revoke(again.db, reg.active, { actor: 'test', reason: 'after the restart', hooks });
    } finally {
      await again.close();
    }
    await expect
      .poll(async () => (await (await fetch(cachedUrl)).text()).includes('Ingetrokken'), {
        timeout: 1000,
        interval: 20,
      })
      .toBe(true);
  });
});

describe('SIGTERM under load', () => {
  it('lets in-flight requests finish, refuses new ones and exits 0', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-sigterm-'));
    const server = await startServerProcess({ DATA_DIR: dataDir });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 24 });
    const get = (p: string) =>
      new Promise<number | string>((resolve) => {
        http
          .get(`${server.url}${p}`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', (e) => resolve(`error: ${e.message}`));
      });
    try {
      // Accepted connections first (a request that is still in the kernel's backlog is not in flight).
      expect(await Promise.all(Array.from({ length: 24 }, () => get('/healthz')))).toEqual(
        Array(24).fill(200),
      );
      // Then slow requests on them: uncached PNG renders of many variants keep the server busy.
      const variants = ['light', 'dark'].flatMap((theme) =>
        ['nl', 'en', 'fr'].flatMap((lang) =>
          ['s', 'm', 'l'].map((size) => `theme=${theme}&lang=${lang}&size=${size}`),
        ),
      );
      const inFlight = Array.from({ length: 24 }, (_, i) =>
        get(`/badges/zzzzzzzz${String(i).padStart(4, '2')}.png?${variants[i % 18]}`),
      );
      await sleep(300);
      const exit = server.stop('SIGTERM');
      expect(await Promise.all(inFlight)).toEqual(Array(24).fill(404));
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect(await exit).toBe(0);
    } finally {
      agent.destroy();
      await server.stop('SIGKILL');
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('embedded database and kill -9', () => {
  it(
    'opens again after the writer was killed mid-write, with migrations current and the chain intact',
    { timeout: 180_000 },
    async () => {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-kill-'));
      try {
        const child = spawn(process.execPath, [path.join(ROOT, 'api/cli/seed-demo.ts'), '--orgs', '20000'], {
          cwd: ROOT,
          env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        // Kill it once it is writing batches (its first progress line), not before or after.
        await new Promise<void>((resolve) =>
          child.stderr!.on('data', (d: Buffer) => (String(d).includes('seeding') ? resolve() : undefined)),
        );
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));

        const reopened = await openDatabase({ databaseUrl: null, dataDir, role: 'test' });
        try {
          expect((await migrationState(reopened.db)).pending).toEqual([]);
          expect((await verifyChain(reopened.db)).ok).toBe(true);
          const count = await reopened.db
            .selectFrom('organisation')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          expect(Number(count.n) % 2000).toBe(0); // whole batches only: each batch is one transaction
        } finally {
          await reopened.close();
        }
        const resumed = await runNode(
          'api/cli/seed-demo.ts',
          ['--orgs', '4000', '--quiet'],
          { DATA_DIR: dataDir },
          120_000,
        );
        expect(resumed.code, resumed.stderr).toBe(0);
      } finally {
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
