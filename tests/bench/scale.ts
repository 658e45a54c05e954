import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, ROOT, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { benchSearch, SEARCH_GOALS } from './search.ts';
import { runLoad } from './load.ts';

/** The figures of one size, keyed like benchSearch's plus the seed and export figures. */
export type ScaleFigures = Record<string, number>;

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
 * Downloads one open-data file (to the end, or for `capMs`) while sampling the server's resident set every 50 ms:
 * streamed in constant memory, the peak stays near the start whatever the registry's size.
 */
async function exportFigures(
  server: ServerProcess,
  file: string,
  capMs: number,
): Promise<{ mb: number; seconds: number; complete: boolean; rssStartMb: number; rssPeakMb: number }> {
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
  let complete = false;
  // On a loaded machine a million organisations take many minutes to download: past the cap the
  // download stops, and the figures are the rate and the resident set over that time.
  const abort = new AbortController();
  try {
    const response = await fetch(`${server.url}/open-data/${file}`, { signal: abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`${file}: ${response.status}`);
    const reader = response.body.getReader();
    for (let part = await reader.read(); ; part = await reader.read()) {
      if (part.done) {
        complete = true;
        break;
      }
      bytes += part.value.byteLength;
      if (performance.now() - started > capMs) {
        await reader.cancel();
        break;
      }
    }
  } finally {
    clearInterval(sampler);
    abort.abort();
  }
  peak = Math.max(peak, await rssKb(pid));
  return {
    mb: bytes / 1048576,
    seconds: (performance.now() - started) / 1000,
    complete,
    rssStartMb: rssStart / 1024,
    rssPeakMb: peak / 1024,
  };
}

/**
 * Lists that read a share of the whole registry: a scheme page (its first certified organisations
 * by name) and the public certification list filtered by status, p95 at 8 clients.
 */
async function listFigures(base: string, durationMs: number): Promise<ScaleFigures> {
  const scenarios: Record<string, string[]> = {
    page_scheme: [`${base}/schemes/ksf-service-promises`, `${base}/schemes/happy-customer`],
    api_certifications_active: [`${base}/api/v1/certifications?status=active&limit=50`],
  };
  const figures: ScaleFigures = {};
  for (const [name, urls] of Object.entries(scenarios)) {
    let i = 0;
    const url = () => urls[i++ % urls.length]!;
    await runLoad({ url, connections: 8, durationMs: Math.min(1_000, durationMs / 4) });
    const result = await runLoad({ url, connections: 8, durationMs });
    if (result.errors > 0 || Object.keys(result.statuses).some((st) => st !== '200'))
      throw new Error(`${name}: errors or non-200 answers ${JSON.stringify(result.statuses)}`);
    figures[`${name}_p95_ms`] = Math.round(result.p95 * 10) / 10;
  }
  return figures;
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
  /**
   * Leave the database (and the key directory) for a later run, which then seeds only what is
   * missing: a million organisations take long to seed on a loaded machine.
   */
  keep: boolean;
  /** Longest time each open-data download is followed (then stopped; its rate is reported). */
  exportCapMs: number;
  log: (line: string) => void;
}): Promise<Map<number, ScaleFigures>> {
  const name = options.keep ? 'keurmerk_bench_scale' : `keurmerk_bench_scale_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: options.adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const kept = options.keep ? await exists(options.adminUrl, name) : false;
  if (!kept) {
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`create database ${name}`);
  }
  const url = new URL(options.adminUrl);
  url.pathname = `/${name}`;
  const dataDir = options.keep
    ? path.join(os.tmpdir(), 'keurmerk-bench-scale-kept')
    : await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-scale-'));
  await fs.mkdir(dataDir, { recursive: true });
  // One origin for every step: the signing key made at the first start is bound to PUBLIC_URL.
  const port = options.keep ? 47_811 : await freePort();
  const serverEnv = {
    DATABASE_URL: url.href,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The measured reads must not share the cores with the background jobs' first run after a
    // bulk load (issuing credentials for every seeded certification); the log's sequencer, which
    // is not a job, is waited for instead (logCaughtUp).
    JOBS: 'off',
  };
  const results = new Map<number, ScaleFigures>();
  let seeded = 0;
  try {
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      options.log(`scale: seeding ${size.toLocaleString('en')} organisations`);
      const seconds = await seedTo(size, url.href, dataDir);
      seeded += seconds;
      const figures: ScaleFigures = { seed_step_s: seconds, seed_total_s: seeded };
      const server = await startServerProcess(serverEnv, 120_000);
      try {
        await logCaughtUp(url.href, options.log);
        Object.assign(figures, await benchSearch({ baseUrl: server.url, durationMs: options.durationMs }));
        Object.assign(figures, await listFigures(server.url, options.durationMs));
        for (const file of ['registry.csv', 'registry.json']) {
          const e = await exportFigures(server, file, options.exportCapMs);
          const key = file.replace('registry.', 'export_');
          Object.assign(figures, {
            [`${key}_mb`]: e.mb,
            [`${key}_complete`]: e.complete ? 1 : 0,
            [`${key}_mb_per_s`]: e.mb / e.seconds,
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
    if (options.keep) options.log(`scale: kept database ${name} and ${dataDir} (--keep)`);
    else {
      await fs.rm(dataDir, { recursive: true, force: true });
      // A million organisations are gigabytes: never left behind unless asked.
      await admin(`drop database if exists ${name} with (force)`);
    }
  }
  return results;
}

/**
 * Waits until the server's sequencer has put every seeded entry into the log: the seeder queues
 * one entry per public event, and integrating a million of them is minutes of CPU that would
 * otherwise be measured as slow searches.
 */
async function logCaughtUp(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let said = 0;
    for (;;) {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from log_pending');
      const pending = Number(rows[0]!.n);
      if (pending === 0) return;
      if (performance.now() - said > 10_000) {
        log(`scale: waiting for the log's sequencer, ${pending.toLocaleString('en')} entries pending`);
        said = performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await client.end();
  }
}

async function exists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

/** The growth table: one row per figure, one column per size, and the ratio per tenfold step. */
export function growthTable(results: Map<number, ScaleFigures>): string {
  const sizes = [...results.keys()];
  type Row = readonly [string, (f: ScaleFigures) => number, (n: number) => string, number | null];
  const rows: Row[] = [
    ...Object.keys(SEARCH_GOALS).map(
      (key) =>
        [
          key.replace('_p95_ms', ' p95'),
          (f: ScaleFigures) => f[key]!,
          (n: number) => `${n.toFixed(1)} ms`,
          SEARCH_GOALS[key]!,
        ] as const,
    ),
    [
      'broad search, sorted by name p95',
      (f) => f['api_search_broad_by_name_p95_ms'] ?? NaN,
      (n) => `${n.toFixed(1)} ms`,
      null,
    ],
    ['scheme page p95', (f) => f['page_scheme_p95_ms'] ?? NaN, (n) => `${n.toFixed(1)} ms`, 30],
    [
      'certification list (active) p95',
      (f) => f['api_certifications_active_p95_ms'] ?? NaN,
      (n) => `${n.toFixed(1)} ms`,
      50,
    ],
    ['healthz p95 (baseline)', (f) => f['baseline_healthz_p95_ms']!, (n) => `${n.toFixed(1)} ms`, null],
    ['seed, this step', (f) => f['seed_step_s']!, (n) => `${n.toFixed(0)} s`, null],
    ['seed, all steps so far', (f) => f['seed_total_s']!, (n) => `${n.toFixed(0)} s`, 600],
    ['open data CSV rate', (f) => f['export_csv_mb_per_s']!, (n) => `${n.toFixed(2)} MB/s`, null],
    ['open data CSV read (whole file: 1)', (f) => f['export_csv_complete']!, (n) => String(n), null],
    ['open data CSV MB read', (f) => f['export_csv_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['server RSS peak during CSV', (f) => f['export_csv_rss_peak_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['open data JSON rate', (f) => f['export_json_mb_per_s']!, (n) => `${n.toFixed(2)} MB/s`, null],
    ['open data JSON read (whole file: 1)', (f) => f['export_json_complete']!, (n) => String(n), null],
    ['open data JSON MB read', (f) => f['export_json_mb']!, (n) => `${n.toFixed(0)} MB`, null],
    ['server RSS peak during JSON', (f) => f['export_json_rss_peak_mb']!, (n) => `${n.toFixed(0)} MB`, null],
  ];
  const header = [
    'figure',
    ...sizes.map((s) => s.toLocaleString('en')),
    'per tenfold',
    'per tenfold ÷ healthz',
    'goal at the largest',
  ];
  // On a shared machine the load moves between sizes: latencies are also given relative to the
  // same run's /healthz, whose growth is the machine's and not the registry's.
  const healthz = sizes.map((s) => results.get(s)!['baseline_healthz_p95_ms']!);
  const lines = rows.map(([label, get, show, goal]) => {
    const values = sizes.map((s) => get(results.get(s)!));
    // Sizes need not be tenfold apart: each ratio is scaled to one tenfold step.
    const perTenfold = (v: number, i: number, base: number[]) =>
      `${((v / base[i]!) ** (1 / Math.log10(sizes[i + 1]! / sizes[i]!))).toFixed(2)}×`;
    const ratios = values.slice(1).map((v, i) => perTenfold(v, i, values));
    const latency = label.endsWith('p95') && !label.startsWith('healthz');
    const relative = values.map((v, i) => v / healthz[i]!);
    const normalised = latency ? relative.slice(1).map((v, i) => perTenfold(v, i, relative)) : [];
    const last = values.at(-1)!;
    return [
      label,
      ...values.map(show),
      ratios.join(', ') || '—',
      normalised.join(', '),
      goal === null ? '' : `${(last / goal).toFixed(2)}× of ${goal}`,
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}
