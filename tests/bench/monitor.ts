// `npm run bench -- monitor`: the log monitor catching up from zero over HTTP against the built
// server on PostgreSQL, with a log of --entries entries seeded by SQL and sequenced in-process.
// The figure is entries/s from the CLI's start to its exit (Node start-up, every entry bundle
// fetched, hashed, parsed and the tree rebuilt, the open data compared), against the 20,000/s
// goal. The server and the monitor share the machine's cores: on a loaded machine the ratio is
// a lower bound.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runNode, startServerProcess } from '../helpers/server-process.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { sequenceBatch } from '../../db/log/sequencer.ts';

type Report = (name: string, value: string, versus: string) => void;
const GOAL = 20_000;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function seed(url: string, entries: number): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Entries of about 250 bytes shaped like the registry's; not about certifications, so the
    // open data (which has none of them) agrees and the run ends consistent.
    for (let at = 0; at < entries; at += 100_000)
      await client.query(
        `insert into log_pending (entry, subject)
         select convert_to('{"at":"2026-12-03T12:00:00.000Z","kind":"bench","reason_sha256":"' || md5(g::text) || md5(g::text) ||
           '","scheme":"ksf-service-promises","seq":' || g || ',"type":"bench_entry","version":1}', 'UTF8'), null
         from generate_series($1::int, $2::int) g`,
        [at, Math.min(entries, at + 100_000) - 1],
      );
    await client.end();
    for (;;) {
      const r = await sequenceBatch(handle.db, 8192);
      if (!r || r.added === 0) break;
      if (r.size % 131_072 < 8192) process.stderr.write(`  sequenced ${fmt(r.size)}\n`);
    }
  } finally {
    await handle.close();
  }
}

export async function benchMonitor(options: {
  pgUrl: string;
  entries: number;
  report: Report;
}): Promise<void> {
  const { pgUrl, entries, report } = options;
  await seed(pgUrl, entries);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-monitor-'));
  const server = await startServerProcess({ DATABASE_URL: pgUrl, DATA_DIR: dataDir });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
      if (Number(note.split('\n')[1]) >= entries) break;
      if (Date.now() > deadline) throw new Error('no checkpoint covers the seeded log');
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = performance.now();
    const run = await runNode('api/cli/log-monitor.ts', ['--registry', server.url, '--json'], {}, 600_000);
    const seconds = (performance.now() - started) / 1000;
    if (run.code !== 0) throw new Error(`log:monitor exited ${run.code}: ${run.stdout}${run.stderr}`);
    const result = JSON.parse(run.stdout) as { entriesRead: number; requests: number };
    const rate = result.entriesRead / seconds;
    report(
      `log:monitor catch-up from zero, ${fmt(result.entriesRead)} entries (PostgreSQL)`,
      `${fmt(rate)} entries/s (${fmt(seconds, 1)} s, ${fmt(result.requests)} requests)`,
      `${fmt(rate / GOAL, 2)}× the goal of ${fmt(GOAL)}/s`,
    );
  } finally {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
