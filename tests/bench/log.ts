import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { sequenceBatch } from '../../db/log/sequencer.ts';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { runLoad, type LoadResult } from './load.ts';

type Report = (name: string, value: string, versus: string) => void;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Seeds `entries` log entries by SQL and sequences them in-process (tiles built as in production). */
async function seed(url: string, entries: number, report: Report): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (let at = 0; at < entries; at += 100_000) {
      // Entries shaped like the registry's: a canonical JSON event of about 250 bytes.
      await client.query(
        `insert into log_pending (entry, subject)
         select convert_to('{"action":"revoke","actor":"staff","at":"2026-12-03T12:00:00Z","certification":"' ||
           lpad(g::text, 8, '0') || '","kind":"certification_event","reason":"bench seed entry number ' || g ||
           '","scheme":"ksf-service-promises","status":"revoked","version":1}', 'UTF8'), lpad(g::text, 8, '0')
         from generate_series($1::int, $2::int) g`,
        [at, Math.min(entries, at + 100_000) - 1],
      );
    }
    await client.end();
    const inserted = performance.now();
    let done = 0;
    for (;;) {
      const r = await sequenceBatch(handle.db, 8192);
      if (!r || r.added === 0) break;
      done = r.size;
      if (done % 131_072 < 8192) process.stderr.write(`  sequenced ${fmt(done)}\n`);
    }
    const seconds = (performance.now() - inserted) / 1000;
    report(
      `log seed ${fmt(entries)} entries (PostgreSQL)`,
      `${fmt((inserted - started) / 1000, 1)} s SQL insert, ${fmt(seconds, 1)} s sequencing`,
      `${fmt(done / seconds)} entries/s sequenced in batches of 8,192`,
    );
  } finally {
    await handle.close();
  }
}

/**
 * Appends through `connections` writers (one transaction per entry, as a lifecycle change commits
 * its entry) for `ms`, while a monitor polls /log/checkpoint; returns appends/s and, per entry, the
 * time from its commit to the first checkpoint that covers it.
 */
async function appendLoad(url: string, server: ServerProcess, ms: number, tag: string, sequencing: boolean) {
  const commits = new Map<string, number>();
  const observed: Array<[number, number]> = [];
  let stop = false;
  const monitor = (async () => {
    while (!stop) {
      const text = await (await fetch(`${server.url}/log/checkpoint`)).text();
      observed.push([performance.now(), Number(text.split('\n')[1])]);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const deadline = performance.now() + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      while (performance.now() < deadline) {
        const subject = `${tag}-${w}-${n++}`;
        await client.query('begin');
        await client.query('insert into log_pending (entry, subject) values ($1, $2)', [
          Buffer.from(JSON.stringify({ kind: 'bench', subject, reason: 'synthetic lifecycle change' })),
          subject,
        ]);
        await client.query('commit');
        commits.set(subject, performance.now());
      }
      await client.end();
    }),
  );
  const rate = commits.size / (ms / 1000);
  if (!sequencing) {
    stop = true;
    await monitor;
    return { rate, lags: [] as number[] };
  }
  // Wait until the last append is in a checkpoint, then match entries to the first covering poll.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (;;) {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from log_pending');
    if (
      Number(rows[0]!.n) === 0 &&
      observed.at(-1)![1] >=
        (await client.query<{ s: string }>('select max(index) + 1 as s from log_entry')).rows.map((r) =>
          Number(r.s),
        )[0]!
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  stop = true;
  await monitor;
  const { rows } = await client.query<{ index: string; subject: string }>(
    'select index, subject from log_entry where subject like $1',
    [`${tag}-%`],
  );
  await client.end();
  const lags: number[] = [];
  for (const row of rows) {
    const committed = commits.get(row.subject);
    const seen = observed.find(([, size]) => size > Number(row.index));
    if (committed !== undefined && seen) lags.push(Math.max(0, seen[0] - committed));
  }
  return { rate, lags: lags.sort((a, b) => a - b) };
}

export async function benchLog(options: {
  pgUrl: string;
  entries: number;
  durationMs: number;
  report: Report;
  startBare(file: string): Promise<{ url: string; stop: () => void }>;
  load(url: string, ms: number): Promise<LoadResult & { tool: string }>;
}): Promise<void> {
  const { pgUrl, entries, durationMs, report } = options;
  await seed(pgUrl, entries, report);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-log-'));
  let bare: { url: string; stop: () => void } | null = null;
  try {
    // Appends with the sequencer off (the log's write cost only) and on, same load, same run.
    // One port for both servers: the badge signing key is bound to PUBLIC_URL.
    const env = { DATABASE_URL: pgUrl, DATA_DIR: dir, LOG_LEVEL: 'error', PORT: String(await freePort()) };
    let server = await startServerProcess({ ...env, LOG_SEQUENCER: 'off' });
    const off = await appendLoad(pgUrl, server, durationMs, 'off', false);
    await server.stop('SIGKILL');
    server = await startServerProcess(env);
    try {
      const on = await appendLoad(pgUrl, server, durationMs, 'on', true);
      report(
        'appending transactions/s, 8 writers, sequencer on',
        `${fmt(on.rate)}/s`,
        `${fmt(on.rate / off.rate, 2)}× of ${fmt(off.rate)}/s with LOG_SEQUENCER=off (goal ≥ 0.8×; synthetic appends, not admin lifecycle changes)`,
      );
      report(
        'checkpoint lag under that load',
        `p50 ${fmt(pct(on.lags, 50))} ms, p99 ${fmt(pct(on.lags, 99))} ms (${fmt(on.lags.length)} entries)`,
        `${fmt(pct(on.lags, 99) / 1000, 2)}× of the 1 s goal`,
      );
      const size = Number((await (await fetch(`${server.url}/log/checkpoint`)).text()).split('\n')[1]);
      const indexes = () => `${server.url}/api/v1/log/proof?index=${Math.floor(Math.random() * size)}`;
      const healthz = await runLoad({
        url: `${server.url}/healthz`,
        connections: 8,
        durationMs: Math.min(durationMs, 5000),
      });
      const proofs = await runLoad({ url: indexes, connections: 8, durationMs });
      report(
        `inclusion proof p95, 8 clients, tree of ${fmt(size)}`,
        `${fmt(proofs.p95, 2)} ms (${fmt(proofs.rps)} req/s, statuses ${JSON.stringify(proofs.statuses)})`,
        `${fmt(proofs.p95 / 5, 2)}× of the 5 ms goal; /healthz p95 ${fmt(healthz.p95, 2)} ms`,
      );
      // Tile 1 of level 0: full in any tree of 512 entries or more.
      const tileUrl = `${server.url}/log/tile/0/001`;
      const first = await fetch(tileUrl);
      if (first.status !== 200) throw new Error(`${tileUrl} answered ${first.status}`);
      const bytes = Buffer.from(await first.arrayBuffer());
      const file = path.join(dir, 'tile.bin');
      await fs.writeFile(file, bytes);
      bare = await options.startBare(file);
      const tiles = await options.load(tileUrl, durationMs);
      const baseline = await options.load(`${bare.url}/`, durationMs);
      report(
        'full tile, 64 conns',
        `${fmt(tiles.rps)} req/s, p99 ${fmt(tiles.p99, 2)} ms (${tiles.tool})`,
        `${fmt(tiles.rps / baseline.rps, 2)}× of bare node:http ${fmt(baseline.rps)} req/s (goal ≥ 0.7×)`,
      );
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      const { rows } = await client.query<{
        entries: string;
        tiles: string;
        checkpoints: string;
        n: string;
        payload: string;
      }>(
        `select pg_total_relation_size('log_entry') as entries, pg_total_relation_size('log_tile') as tiles,
           pg_total_relation_size('log_checkpoint') as checkpoints, (select count(*) from log_entry) as n,
           (select sum(octet_length(entry)) from log_entry) as payload`,
      );
      await client.end();
      const r = rows[0]!;
      const total = Number(r.entries) + Number(r.tiles) + Number(r.checkpoints);
      report(
        'storage per entry (entries + tiles + checkpoints)',
        `${fmt(total / Number(r.n))} bytes`,
        `entry text ${fmt(Number(r.payload) / Number(r.n))} bytes; tiles ${fmt(Number(r.tiles) / Number(r.n))} bytes/entry`,
      );
    } finally {
      await server.stop('SIGKILL');
    }
  } finally {
    bare?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
