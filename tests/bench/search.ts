import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runLoad, type LoadResult } from './load.ts';
import { runNode, startServerProcess } from '../helpers/server-process.ts';
import pg from 'pg';

interface Sample {
  slug: string;
  legalName: string;
  registryId: string;
  city: string;
  domains: string[];
}

/** A sample of real organisations of the running registry, to build queries from. */
async function sample(baseUrl: string, n: number): Promise<Sample[]> {
  const out: Sample[] = [];
  let cursor: string | null = null;
  while (out.length < n) {
    const url = `${baseUrl}/api/v1/organisations?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await (await fetch(url)).json()) as { data: Sample[]; nextCursor: string | null };
    out.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const detailed: Sample[] = [];
  for (const o of out.slice(0, Math.min(n, 60))) {
    detailed.push((await (await fetch(`${baseUrl}/api/v1/organisations/${o.slug}`)).json()) as Sample);
  }
  return detailed;
}

/** A typo: one letter of the first word dropped, so the query needs the fuzzy path. */
const typo = (name: string) => name.replace(/^(\w{3})\w/, '$1');

function rotate(urls: string[]): () => string {
  let i = 0;
  return () => urls[i++ % urls.length]!;
}

/**
 * Search and organisation-page latency at 8 concurrent clients against a running server on
 * 127.0.0.1, each run `durationMs` long, with /healthz as the same-run baseline. Returns p95 in ms
 * per scenario plus the baseline, so callers can print ratios.
 */
export async function benchSearch(opts: {
  baseUrl: string;
  durationMs: number;
}): Promise<Record<string, number>> {
  const base = opts.baseUrl.replace(/\/$/, '');
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(base))
    throw new Error('benchSearch runs against 127.0.0.1 only');
  const orgs = await sample(base, 60);
  if (orgs.length === 0) throw new Error('the registry is empty: seed demo organisations first');
  const q = (s: string) => encodeURIComponent(s);
  const broad = [...new Set(orgs.flatMap((o) => [o.legalName.split(' ')[0]!, o.city]))];
  const scenarios: Record<string, string[]> = {
    baseline_healthz: [`${base}/healthz`],
    api_search_name: orgs.map((o) => `${base}/api/v1/organisations?q=${q(typo(o.legalName))}&limit=20`),
    api_search_number: orgs.map((o) => `${base}/api/v1/organisations?q=${q(o.registryId)}`),
    api_search_domain: orgs.map((o) => `${base}/api/v1/organisations?q=${q(o.domains[0] ?? o.slug)}`),
    // Broad queries: one common word of a name, or a city, matching thousands at scale.
    api_search_broad: broad.map((w) => `${base}/api/v1/organisations?q=${q(w)}&limit=20`),
    api_search_broad_by_name: broad.map((w) => `${base}/api/v1/organisations?q=${q(w)}&sort=name&limit=20`),
    page_search_name: orgs.map((o) => `${base}/search?q=${q(typo(o.legalName))}`),
    page_organisation: orgs.map((o) => `${base}/organisations/${o.slug}`),
  };
  const figures: Record<string, number> = {};
  for (const [name, urls] of Object.entries(scenarios)) {
    // A short warm-up so the first figures do not measure cold caches.
    await runLoad({ url: rotate(urls), connections: 8, durationMs: Math.min(1_000, opts.durationMs / 4) });
    const result: LoadResult = await runLoad({
      url: rotate(urls),
      connections: 8,
      durationMs: opts.durationMs,
    });
    if (result.errors > 0 || Object.keys(result.statuses).some((s) => s !== '200'))
      throw new Error(`${name}: errors or non-200 answers ${JSON.stringify(result.statuses)}`);
    figures[`${name}_p95_ms`] = Math.round(result.p95 * 10) / 10;
    figures[`${name}_rps`] = Math.round(result.rps);
  }
  return figures;
}

/** The search goals (p95 at 8 clients, ms), for every benchmark that measures search. */
export const SEARCH_GOALS: Record<string, number> = {
  api_search_name_p95_ms: 50,
  api_search_number_p95_ms: 50,
  api_search_domain_p95_ms: 50,
  api_search_broad_p95_ms: 50,
  page_search_name_p95_ms: 50,
  page_organisation_p95_ms: 30,
};

/** Prints figures with the goal ratio and the ratio to the same-run /healthz baseline. */
export function printSearchFigures(label: string, figures: Record<string, number>): void {
  const baseline = figures['baseline_healthz_p95_ms'] ?? NaN;
  process.stdout.write(`\n${label}\n`);
  for (const [key, value] of Object.entries(figures)) {
    if (!key.endsWith('_p95_ms')) continue;
    const goal = SEARCH_GOALS[key];
    const versus = goal ? `${(value / goal).toFixed(2)}× of the ${goal} ms goal` : 'baseline';
    const rps = figures[key.replace('_p95_ms', '_rps')];
    process.stdout.write(
      `  ${key.padEnd(30)} ${String(value).padStart(7)} ms  ${versus}; ${(value / baseline).toFixed(1)}× healthz; ${rps} req/s\n`,
    );
  }
}

const pgAdminUrl = () =>
  process.env['BENCH_DATABASE_URL'] ??
  process.env['TEST_DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** A fresh empty PostgreSQL database for the standalone run; the server migrates it at start. */
async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `keurmerk_bench_search_${process.pid}`;
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** Standalone: node tests/bench/search.ts [--orgs N] [--seed S] [--duration S] [--postgres] [--url http://127.0.0.1:PORT] */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string, fallback: string) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const durationMs = Number(value('--duration', '5')) * 1000;
  const url = value('--url', '');
  if (url) return printSearchFigures(url, await benchSearch({ baseUrl: url, durationMs }));
  const orgs = value('--orgs', '10000');
  const env: Record<string, string> = {};
  // A throw-away DATA_DIR either way: the embedded database, or (on PostgreSQL) the signing keys.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-search-'));
  env['DATA_DIR'] = dataDir;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (args.includes('--postgres')) {
    const database = await freshPgDatabase();
    env['DATABASE_URL'] = database.url;
    dropDatabase = database.drop;
  }
  const started = performance.now();
  const seeded = await runNode(
    'api/cli/seed-demo.ts',
    ['--orgs', orgs, '--seed', value('--seed', '1'), '--quiet'],
    env,
    900_000,
  );
  if (seeded.code !== 0) {
    await dropDatabase?.();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw new Error(seeded.stderr);
  }
  process.stdout.write(
    `seeded ${orgs} organisations in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const server = await startServerProcess(env);
  try {
    const label = `${orgs} organisations on ${env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}, 8 clients`;
    printSearchFigures(label, await benchSearch({ baseUrl: server.url, durationMs }));
  } finally {
    await server.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
    // A seeded database is hundreds of megabytes at 100,000 organisations: not left behind.
    await dropDatabase?.();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
