import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { benchSearch } from './search.ts';

/** The figures of one size, keyed like benchSearch's plus the seed and export figures. */
export type ScaleFigures = Record<string, number>;

const GOALS: Record<string, number> = {
  api_search_name_p95_ms: 50,
  api_search_number_p95_ms: 50,
  api_search_domain_p95_ms: 50,
  page_search_name_p95_ms: 50,
  page_organisation_p95_ms: 30,
};

/** Seeds up to `orgs` with the seeder's own progress bar on the terminal; seconds taken. */
function seedTo(orgs: number, databaseUrl: string, dataDir: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'api/cli/seed-demo.ts'), '--orgs', String(orgs)], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`seeder exited ${code}`)),
    );
  });
}

async function rssKb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/**
 * Downloads one open-data file to the end while sampling the server's resident set every 50 ms:
 * streamed in constant memory, the peak stays near the start whatever the registry's size.
 */
async function exportFigures(
  server: ServerProcess,
  file: string,
): Promise<{ mb: number; seconds: number; rssStartMb: number; rssPeakMb: number }> {
  const pid = server.child.pid!;
  const rssStart = await rssKb(pid);
  let peak = rssStart;
  const sampler = setInterval(() => {
    void rssKb(pid).then(
      (kb) => (peak = Math.max(peak, kb)),
      () => undefined,
    );
  }, 50);
  const started = performance.now();
  let bytes = 0;
  try {
    const response = await fetch(`${server.url}/open-data/${file}`);
    if (response.status !== 200 || !response.body) throw new Error(`${file}: ${response.status}`);
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read())
      bytes += part.value.byteLength;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, await rssKb(pid));
  return {
    mb: bytes / 1048576,
    seconds: (performance.now() - started) / 1000,
    rssStartMb: rssStart / 1024,
    rssPeakMb: peak / 1024,
  };
}

/**
 * The registry at growing sizes on one PostgreSQL database: each size seeds the difference (the
 * seeder is idempotent and deterministic, so 100,000 contains the first 10,000), then measures
 * search and page p95 at 8 clients and streams both open-data files.
 */
export async function benchScale(options: {
  adminUrl: string;
  sizes: readonly number[];
  durationMs: number;
  log: (line: string) => void;
}): Promise<Map<number, ScaleFigures>> {
  const name = `keurmerk_bench_scale_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: options.adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-scale-'));
  const results = new Map<number, ScaleFigures>();
  let seeded = 0;
  try {
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      options.log(`scale: seeding ${size.toLocaleString('en')} organisations`);
      const seconds = await seedTo(size, url.href, dataDir);
      seeded += seconds;
      const figures: ScaleFigures = { seed_step_s: seconds, seed_total_s: seeded };
      const server = await startServerProcess({ DATABASE_URL: url.href, DATA_DIR: dataDir }, 120_000);
      try {
        Object.assign(figures, await benchSearch({ baseUrl: server.url, durationMs: options.durationMs }));
        for (const file of ['registry.csv', 'registry.json']) {
          const e = await exportFigures(server, file);
          const key = file.replace('registry.', 'export_');
          Object.assign(figures, {
            [`${key}_mb`]: e.mb,
            [`${key}_s`]: e.seconds,
            [`${key}_rss_start_mb`]: e.rssStartMb,
            [`${key}_rss_peak_mb`]: e.rssPeakMb,
          });
        }
      } finally {
        await server.stop('SIGKILL');
      }
      results.set(size, figures);
      options.log(`scale: ${size.toLocaleString('en')} done ${JSON.stringify(figures)}`);
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
    // A million organisations are gigabytes: never left behind.
    await admin(`drop database if exists ${name} with (force)`);
  }
  return results;
}

/** The growth table: one row per figure, one column per size, and the ratio per tenfold step. */
export function growthTable(results: Map<number, ScaleFigures>): string {
  const sizes = [...results.keys()];
  type Row = readonly [string, (f: ScaleFigures) => number, (n: number) => string, number | null];
  const rows: Row[] = [
    ...Object.keys(GOALS).map(
      (key) =>
        [
          key.replace('_p95_ms', ' p95'),
          (f: ScaleFigures) => f[key]!,
          (n: number) => `${n.toFixed(1)} ms`,
          GOALS[key]!,
        ] as const,
    ),
    ['healthz p95 (baseline)', (f) => f['baseline_healthz_p95_ms']!, (n) => `${n.toFixed(1)} ms`, null],
    ['seed, this step', (f) => f['seed_step_s']!, (n) => `${n.toFixed(0)} s`, null],
    ['seed, all steps so far', (f) => f['seed_total_s']!, (n) => `${n.toFixed(0)} s`, 600],
    ['open data CSV', (f) => f['export_csv_s']!, (n) => `${n.toFixed(1)} s`, null],
    ['open data CSV size', (f) => f['export_csv_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['server RSS peak during CSV', (f) => f['export_csv_rss_peak_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['open data JSON', (f) => f['export_json_s']!, (n) => `${n.toFixed(1)} s`, null],
    ['open data JSON size', (f) => f['export_json_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['server RSS peak during JSON', (f) => f['export_json_rss_peak_mb']!, (n) => `${n.toFixed(0)} MB`, null],
  ];
  const header = [
    'figure',
    ...sizes.map((s) => s.toLocaleString('en')),
    'per tenfold',
    'goal at the largest',
  ];
  const lines = rows.map(([label, get, show, goal]) => {
    const values = sizes.map((s) => get(results.get(s)!));
    const ratios = values.slice(1).map((v, i) => {
      const steps = Math.log10(sizes[i + 1]! / sizes[i]!);
      // Sizes need not be tenfold apart: the ratio is scaled to one tenfold step.
      return `${((v / values[i]!) ** (1 / steps)).toFixed(2)}×`;
    });
    const last = values.at(-1)!;
    return [
      label,
      ...values.map(show),
      ratios.join(', ') || '—',
      goal === null ? '' : `${(last / goal).toFixed(2)}× of ${goal}`,
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}
