import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

export interface SoakResult {
  seconds: number;
  requests: number;
  /** Answers other than 200/304 (badges and verify always answer 200, whatever the state). */
  errors: number;
  statusChanges: number;
  /** Worst time from an admin call returning to both instances serving the new badge state. */
  worstPropagationMs: number;
  medianPropagationMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two server instances on one PostgreSQL database; badge and verify traffic from a closed-loop
 * generator on 127.0.0.1 while certifications are suspended, reinstated and revoked through the
 * admin API of instance A. After each change, both instances are polled until their badge shows
 * the new state. Bounded by `durationMs`; loopback only.
 */
export async function soak(options: {
  adminDatabaseUrl: string;
  durationMs: number;
  orgs?: number;
  connections?: number;
}): Promise<SoakResult> {
  const name = `keurmerk_soak_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(options.adminDatabaseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.href;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-soak-'));
  let a: ServerProcess | null = null;
  let b: ServerProcess | null = null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: (options.connections ?? 16) + 4 });
  try {
    const seeded = await runNode('api/cli/seed-demo.ts', ['--orgs', String(options.orgs ?? 500), '--quiet'], {
      DATABASE_URL: databaseUrl,
    });
    if (seeded.code !== 0) throw new Error(seeded.stderr);
    // A token belongs to a staff member: the first admin, made from ADMIN_EMAIL on this empty database.
    const owner = 'soak-admin@keurmerk.test';
    const token = await runNode(
      'api/cli/admin.ts',
      ['token', 'create', '--role', 'admin', '--name', 'soak', '--owner', owner],
      {
        DATABASE_URL: databaseUrl,
        ADMIN_EMAIL: owner,
        ADMIN_PASSWORD: 'soak passphrase that is long enough',
      },
    );
    if (token.code !== 0) throw new Error(token.stderr);
    const bearer = token.stdout.trim();
    const portA = await freePort();
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      LOG_LEVEL: 'error',
    };
    // A first, alone: it generates the signing key that B then loads from the shared DATA_DIR.
    a = await startServerProcess({ ...env, PORT: String(portA) });
    b = await startServerProcess(env);
    const servers = [a, b];

    const list = (await (await fetch(`${a.url}/api/v1/certifications?status=active&limit=100`)).json()) as {
      data: Array<{ publicId: string }>;
    };
    const active = list.data.map((c) => c.publicId).slice(0, 30);
    if (active.length < 10) throw new Error('too few active certifications to soak');
    const firstSvg = await (await fetch(`${a.url}/badges/${active[0]}.svg`)).text();
    const jwt = /verify="([^"]+)"/.exec(firstSvg)?.[1];
    if (!jwt) throw new Error('no credential in the first badge');

    const get = (
      server: ServerProcess,
      p: string,
      init: { method?: string; body?: string; headers?: Record<string, string> } = {},
    ) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const u = new URL(`${server.url}${p}`);
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            path: u.pathname + u.search,
            method: init.method ?? 'GET',
            agent,
            headers: init.headers,
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', () => resolve({ status: 0, body: '' }));
        req.end(init.body);
      });

    // Steady state, not first renders: every badge is issued and cached on both instances first.
    for (const server of servers) {
      await Promise.all(active.map((id) => get(server, `/badges/${id}.svg`)));
    }

    const deadline = performance.now() + options.durationMs;
    let requests = 0;
    let errors = 0;
    const traffic = Array.from({ length: options.connections ?? 16 }, async (_, i) => {
      while (performance.now() < deadline) {
        const server = servers[i % 2]!;
        const r =
          i % 4 === 3
            ? await get(server, '/api/v1/verify', {
                method: 'POST',
                body: jwt,
                headers: { 'content-type': 'text/plain' },
              })
            : await get(server, `/badges/${active[(requests + i) % active.length]}.svg`);
        requests++;
        if (r.status !== 200 && r.status !== 304) errors++;
      }
    });

    const propagation: number[] = [];
    let statusChanges = 0;
    const churn = (async () => {
      let n = 1; // active[0] keeps its credential for the verify traffic
      while (performance.now() < deadline - 2_000) {
        const id = active[n % active.length]!;
        const steps: Array<[string, string]> =
          n % 5 === 0
            ? [['revoke', 'Ingetrokken']]
            : [
                ['suspend', 'Geschorst'],
                ['reinstate', 'Gecertificeerd'],
              ];
        n++;
        if (id === active[0]) continue;
        for (const [action, word] of steps) {
          const r = await get(a!, `/api/v1/admin/certifications/${id}/${action}`, {
            method: 'POST',
            body: JSON.stringify({ reason: `soak ${action}` }),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          });
          if (r.status !== 200) {
            // A certification revoked earlier in the loop cannot change again: intended, not an error.
            if (r.status === 409) break;
            throw new Error(`${action} ${id}: ${r.status} ${r.body.slice(0, 200)}`);
          }
          statusChanges++;
          const returned = performance.now();
          const seen = await Promise.all(
            servers.map(async (server) => {
              while (performance.now() - returned < 10_000) {
                if ((await get(server, `/badges/${id}.svg`)).body.includes(word))
                  return performance.now() - returned;
                await sleep(2);
              }
              return Infinity;
            }),
          );
          propagation.push(Math.max(...seen));
        }
      }
    })();
    await Promise.all([...traffic, churn]);
    const sorted = [...propagation].sort((x, y) => x - y);
    return {
      seconds: options.durationMs / 1000,
      requests,
      errors,
      statusChanges,
      worstPropagationMs: sorted.at(-1) ?? NaN,
      medianPropagationMs: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    };
  } finally {
    agent.destroy();
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
