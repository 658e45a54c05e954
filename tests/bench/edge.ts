import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { prepareRegistry } from '../helpers/registry-fixture.ts';
import { prepareAdmin } from '../helpers/admin-e2e.ts';
import { edgeAvailable, startVarnish, type Varnish } from '../helpers/varnish.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { runLoad, runWrk, type LoadResult } from './load.ts';

type Report = (name: string, value: string, versus: string) => void;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ROUND_MS = 3_000;
const GZIP = { 'accept-encoding': 'gzip' };

/** nginx serving one file from disk with the headers of a gzip badge: the static-file baseline. */
async function startNginxStatic(gzipBytes: Buffer): Promise<{ url: string; stop: () => Promise<void> }> {
  const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-nginx-'));
  await fs.chmod(prefix, 0o755); // nginx workers run as nobody
  await fs.mkdir(path.join(prefix, 'html'));
  await fs.mkdir(path.join(prefix, 'logs'));
  await fs.writeFile(path.join(prefix, 'html', 'badge.svg'), gzipBytes, { mode: 0o644 });
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  await fs.writeFile(
    conf,
    `worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp-body;
  proxy_temp_path ${prefix}/tmp-proxy;
  fastcgi_temp_path ${prefix}/tmp-fastcgi;
  uwsgi_temp_path ${prefix}/tmp-uwsgi;
  scgi_temp_path ${prefix}/tmp-scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${prefix}/html;
    location = /badge.svg {
      default_type image/svg+xml;
      add_header Content-Encoding gzip;
      add_header Vary Accept-Encoding;
      add_header Cache-Control "public, max-age=60, must-revalidate";
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/badge.svg`;
  for (let i = 0; ; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 200 || child.exitCode !== null) throw new Error('nginx did not start');
    await sleep(50);
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await fs.rm(prefix, { recursive: true, force: true });
    },
  };
}

/**
 * wrk when installed (a C load generator leaves the edge more of the two cores, and its own
 * latency does not pad the p99), otherwise the Node load generator.
 */
const generator = (): string => (spawnSync('wrk', ['--version']).error ? 'node' : 'wrk');

const load = async (url: string, ms: number): Promise<LoadResult> =>
  (await runWrk({ url, connections: 64, durationMs: ms, headers: GZIP })) ??
  runLoad({ url, connections: 64, durationMs: ms, headers: GZIP });

/**
 * The edge in front of two instances on PostgreSQL (EDGE_PURGE, one-day edge lifetime):
 * cached badges through Varnish against nginx sending the same gzip bytes from disk, in
 * alternating 3 s rounds; then the reach of `changes` status changes through the admin API, from
 * the call returning to the edge serving the new state.
 */
export async function benchEdge(options: {
  adminDatabaseUrl: string;
  durationMs: number;
  changes: number;
  report: Report;
}): Promise<void> {
  const { report } = options;
  if (!edgeAvailable()) {
    report('edge', 'skipped', 'no varnishd with vmod_xkey (apt-get install varnish varnish-modules)');
    return;
  }
  const name = `keurmerk_bench_edge_${process.pid}`;
  const admin = new pg.Client({ connectionString: options.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const dbUrl = new URL(options.adminDatabaseUrl);
  dbUrl.pathname = `/${name}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-edge-'));
  let servers: ServerProcess[] = [];
  let edge: Varnish | null = null;
  let nginx: { url: string; stop: () => Promise<void> } | null = null;
  try {
    const handle = await openDatabase({ databaseUrl: dbUrl.href, dataDir: 'memory://', role: 'bench' });
    let active: string;
    let token: string;
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      active = (await prepareRegistry(handle.db)).active;
      token = (await prepareAdmin(handle.db)).tokens.admin;
    } finally {
      await handle.close();
    }
    const edgePort = await freePort();
    const env = {
      DATABASE_URL: dbUrl.href,
      DATA_DIR: dataDir,
      EDGE_PURGE: `varnish+http://127.0.0.1:${edgePort}`,
      EDGE_MAX_AGE: '86400',
    };
    // One PUBLIC_URL for both: it is written into the shared signing key's id.
    const portA = await freePort();
    const shared = { ...env, PUBLIC_URL: `http://127.0.0.1:${portA}` };
    servers = [await startServerProcess({ ...shared, PORT: String(portA) })];
    servers.push(await startServerProcess(shared));
    edge = await startVarnish({
      port: edgePort,
      backendPorts: servers.map((s) => Number(new URL(s.url).port)),
      // Space-separated `name=value` settings to try (EDGE_BENCH_VARNISH_PARAMS), e.g. thread pools.
      params: (process.env['EDGE_BENCH_VARNISH_PARAMS'] ?? '').split(/\s+/).filter(Boolean),
    });
    const badgePath = `/badges/${active}.svg`;
    // The gzip bytes the edge serves, as they come (fetch would decode them).
    const raw = await new Promise<Buffer>((resolve, reject) => {
      http
        .get(`${edge!.url}${badgePath}`, { headers: GZIP }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject);
    });
    nginx = await startNginxStatic(raw);
    const edgeUrl = `${edge.url}${badgePath}`;
    await load(edgeUrl, 500);
    await load(nginx.url, 500);

    const rounds = Math.max(3, Math.round(options.durationMs / ROUND_MS));
    const ours: LoadResult[] = [];
    const base: LoadResult[] = [];
    const hitsBefore = edge.counter('cache_hit');
    const fetchesBefore = edge.counter('backend_req');
    for (let i = 0; i < rounds; i++) {
      base.push(await load(nginx.url, ROUND_MS));
      ours.push(await load(edgeUrl, ROUND_MS));
    }
    const ratios = ours.map((r, i) => r.rps / base[i]!.rps);
    report(
      `cached badge through Varnish (xkey VCL), 64 conns, gzip, ${rounds} rounds of 3 s, load by ${generator()}`,
      `${fmt(median(ours.map((r) => r.rps)))} req/s, p99 ${fmt(median(ours.map((r) => r.p99)), 2)} ms (worst round ${fmt(Math.max(...ours.map((r) => r.p99)), 2)} ms), errors ${ours.reduce((n, r) => n + r.errors, 0)}, backend fetches ${edge.counter('backend_req') - fetchesBefore} of ${edge.counter('cache_hit') - hitsBefore} hits`,
      `${fmt(median(ratios), 2)}× nginx static (${fmt(median(base.map((r) => r.rps)))} req/s, p99 ${fmt(median(base.map((r) => r.p99)), 2)} ms), median of rounds ${ratios.map((r) => fmt(r, 2)).join(' ')} (goal ≥ 0.80×, p99 < 5 ms)`,
    );

    // Revocation reach: suspend and reinstate in turn (revocation is final), each a status change
    // whose badge the edge holds for a day unless purged.
    const reach: number[] = [];
    const hasCredential = async () =>
      (await (await fetch(edgeUrl)).text()).includes('<openbadges:credential');
    for (let i = 0; i < options.changes; i++) {
      const action = i % 2 === 0 ? 'suspend' : 'reinstate';
      const expectCredential = action === 'reinstate';
      await hasCredential(); // the edge holds the current state
      const r = await fetch(`${servers[i % 2]!.url}/api/v1/admin/certifications/${active}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ reason: `edge bench ${action} ${i}` }),
      });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${await r.text()}`);
      const returned = performance.now();
      let seen = Infinity;
      while (performance.now() - returned < 10_000) {
        if ((await hasCredential()) === expectCredential) {
          seen = performance.now() - returned;
          break;
        }
        await sleep(2);
      }
      reach.push(seen);
    }
    report(
      `revocation reach through the edge: admin call returns → Varnish serves the new state (${options.changes} changes, 2 instances, EDGE_MAX_AGE one day)`,
      `p99 ${fmt(percentile(reach, 99), 1)} ms, median ${fmt(median(reach), 1)} ms, worst ${fmt(Math.max(...reach), 1)} ms`,
      `goal p99 ≤ 1,000 ms; without purges the edge would serve the old state for up to 86,400,000 ms`,
    );
  } finally {
    await nginx?.stop();
    await edge?.stop();
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
