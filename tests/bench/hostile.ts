// `npm run bench -- hostile`: the badge path under hostile load. Cached badge throughput at 64
// connections and /healthz p99, in alternating 3 s rounds: quiet, then the same while hostile
// traffic arrives (PNG bombs and 90,000-attribute SVGs to the verify API, random badge ids,
// badge requests with invented Referer hosts). Each hostile round is compared with the quiet
// round just before it, as the badges benchmark does, because the shared VM's speed drifts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, runNode, startServerProcess } from '../helpers/server-process.ts';
import { prepareDataDir, prepareRegistry } from '../helpers/registry-fixture.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { runLoad, type LoadResult } from './load.ts';
import { attributeSvg, pngBomb } from './hostile-payloads.ts';

const ROUND_MS = 3_000;
const RATES = { uploadsPerSecond: 20, unknownIdsPerSecond: 200, refererPerSecond: 200 };

interface TrafficResult {
  healthzP50: number;
  healthzP99: number;
  healthzMax: number;
  healthErrors: number;
  tallies: Record<string, Record<string, number>>;
  skipped: number;
  unanswered: number;
}

type Report = (name: string, value: string, versus: string) => void;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function memoryMb(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

function metric(text: string, name: string): number {
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** One round: the cached-badge load here, /healthz (and hostile traffic) in a child process. */
async function round(
  badgeUrl: string,
  traffic: Record<string, unknown>,
  hostile: boolean,
): Promise<{ load: LoadResult; traffic: TrafficResult }> {
  const child = runNode(
    'tests/bench/hostile-traffic.ts',
    [JSON.stringify({ ...traffic, hostile, durationMs: ROUND_MS })],
    {},
    ROUND_MS + 60_000,
  );
  const load = await runLoad({ url: badgeUrl, connections: 64, durationMs: ROUND_MS });
  const run = await child;
  if (run.code !== 0) throw new Error(run.stderr);
  return { load, traffic: JSON.parse(run.stdout) as TrafficResult };
}

function addTallies(into: Record<string, Record<string, number>>, from: TrafficResult['tallies']): void {
  for (const [kind, tally] of Object.entries(from))
    for (const [status, n] of Object.entries(tally)) {
      into[kind] ??= {};
      into[kind][status] = (into[kind][status] ?? 0) + n;
    }
}

const statuses = (tally: Record<string, number> | undefined) =>
  Object.entries(tally ?? {})
    .sort()
    .map(([status, n]) => `${fmt(n)}× ${status}`)
    .join(', ') || 'none';

async function benchOne(
  label: string,
  env: Record<string, string>,
  active: string,
  dir: string,
  durationMs: number,
  report: Report,
): Promise<void> {
  const metricsPort = await freePort();
  const server = await startServerProcess({
    ...env,
    LOG_LEVEL: 'error',
    METRICS_PORT: String(metricsPort),
    // Raised so the uploads reach the parser instead of meeting the per-network limit.
    VERIFY_RATE_LIMIT: '1000000',
  });
  const metrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  try {
    const badgeUrl = `${server.url}/badges/${active}.svg`;
    const png = Buffer.from(await (await fetch(`${server.url}/badges/${active}.png`)).arrayBuffer());
    const pngFile = path.join(dir, 'bomb.png');
    const svgFile = path.join(dir, 'attributes.svg');
    await fs.writeFile(pngFile, pngBomb(png));
    await fs.writeFile(svgFile, attributeSvg());
    // Warm: the badge cache, and the verify worker (its one-off start is not what is measured).
    await fetch(`${server.url}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    await runLoad({ url: badgeUrl, connections: 64, durationMs: 2_000 });
    const before = await memoryMb(server.child.pid!);
    const startMetrics = await metrics();
    const traffic = { baseUrl: server.url, activeId: active, pngFile, svgFile, ...RATES };
    const rounds = Math.max(3, Math.round(durationMs / (2 * ROUND_MS)));
    const ratios: number[] = [];
    const quiet: Array<{ load: LoadResult; traffic: TrafficResult }> = [];
    const loud: Array<{ load: LoadResult; traffic: TrafficResult }> = [];
    for (let i = 0; i < rounds; i++) {
      quiet.push(await round(badgeUrl, traffic, false));
      loud.push(await round(badgeUrl, traffic, true));
      ratios.push(loud[i]!.load.rps / quiet[i]!.load.rps);
    }
    const after = await memoryMb(server.child.pid!);
    const endMetrics = await metrics();
    const tallies: Record<string, Record<string, number>> = {};
    for (const r of loud) addTallies(tallies, r.traffic.tallies);
    const fivexx = (runs: typeof loud) =>
      runs.reduce(
        (n, r) =>
          n +
          Object.entries(r.load.statuses).reduce((m, [s, k]) => m + (Number(s) >= 500 ? k : 0), 0) +
          Object.values(r.traffic.tallies).reduce(
            (m, t) =>
              m + Object.entries(t).reduce((x, [s, k]) => x + (Number(s) >= 500 && s !== '503' ? k : 0), 0),
            0,
          ),
        0,
      );
    const rate = (runs: typeof loud) =>
      runs.reduce((n, r) => n + r.load.requests, 0) /
      runs.reduce((t, r) => t + r.load.requests / r.load.rps, 0);
    const delta = (name: string) => metric(endMetrics, name) - metric(startMetrics, name);
    report(
      `cached badge SVG, 64 conns (node), under hostile load (${label}), ${rounds} round pairs of ${ROUND_MS / 1000} s`,
      `${fmt(rate(loud))} req/s (quiet ${fmt(rate(quiet))}), p99 ${fmt(median(loud.map((r) => r.load.p99)), 1)} ms (quiet ${fmt(median(quiet.map((r) => r.load.p99)), 1)} ms), ${loud.reduce((n, r) => n + r.load.errors, 0)} errors`,
      `${fmt(median(ratios), 2)}× quiet, median of rounds (${ratios.map((r) => fmt(r, 2)).join(', ')}); goal ≥ 0.80×`,
    );
    report(
      `/healthz p99 under hostile load (${label})`,
      `${fmt(median(loud.map((r) => r.traffic.healthzP99)), 1)} ms median of rounds, worst round ${fmt(Math.max(...loud.map((r) => r.traffic.healthzP99)), 1)} ms, max ${fmt(Math.max(...loud.map((r) => r.traffic.healthzMax)), 1)} ms`,
      `quiet ${fmt(median(quiet.map((r) => r.traffic.healthzP99)), 1)} ms; goal < 50 ms`,
    );
    report(
      `hostile requests answered (${label})`,
      `uploads: ${statuses(tallies['uploads'])}; random ids: ${statuses(tallies['unknownIds'])}; new Referer hosts: ${statuses(tallies['referers'])}; ${loud.reduce((n, r) => n + r.traffic.skipped, 0)} not sent (256 in flight)`,
      `5xx other than a full upload queue's 503: ${fivexx(loud) + fivexx(quiet)}`,
    );
    report(
      `server during the run (${label})`,
      `RSS ${fmt(before.rss)} → ${fmt(after.rss)} MB (peak ${fmt(after.peak)} MB), ${fmt(delta('keurmerk_badge_renders_total'))} renders, ${fmt(delta('keurmerk_badge_lookups_total'))} lookups, ${fmt(delta('keurmerk_misuse_hosts_dropped_total'))} Referer hosts dropped`,
      `RSS growth ${fmt(after.rss - before.rss)} MB (peak ${fmt(after.peak - before.rss)} MB); goal < 150 MB; load average ${os
        .loadavg()
        .map((l) => fmt(l, 1))
        .join(' ')}`,
    );
  } finally {
    await server.stop('SIGKILL');
  }
}

/** The hostile-load benchmark on PostgreSQL (when `pgUrl` is given) and PGlite. */
export async function benchHostile(options: {
  durationMs: number;
  pgUrl: string | null;
  report: Report;
}): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-hostile-'));
  try {
    if (options.pgUrl) {
      const handle = await openDatabase({ databaseUrl: options.pgUrl, dataDir: 'memory://', role: 'bench' });
      let active: string;
      try {
        await migrateToLatest(handle.db);
        await seedSchemes(handle.db);
        active = (await prepareRegistry(handle.db)).active;
      } finally {
        await handle.close();
      }
      await benchOne(
        'PostgreSQL',
        { DATABASE_URL: options.pgUrl, DATA_DIR: dir },
        active,
        dir,
        options.durationMs,
        options.report,
      );
    }
    const dataDir = path.join(dir, 'pglite');
    const reg = await prepareDataDir(dataDir);
    await benchOne('PGlite', { DATA_DIR: dataDir }, reg.active, dir, options.durationMs, options.report);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
