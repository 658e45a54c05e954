import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { sequenceBatch } from '../../db/log/sequencer.ts';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { runRawLoad, type LoadResult } from './load.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { seedDemo } from '../../db/seed/demo-writer.ts';
import { prepareAdmin } from '../helpers/admin-e2e.ts';

type Report = (name: string, value: string, versus: string) => void;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Seeds a small registry (8 writers' active certifications and an admin token) and `entries` log
 * entries by SQL, and sequences them in-process (tiles built as in production).
 */
async function seed(
  url: string,
  entries: number,
  report: Report,
): Promise<{ token: string; certifications: string[] }> {
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    await seedDemo(handle.db, { organisations: 60, seed: 19, now: new Date() });
    const token = (await prepareAdmin(handle.db)).tokens.admin;
    const certifications = (
      await handle.db
        .selectFrom('certification')
        .select('public_id')
        .where('status', '=', 'active')
        .where('valid_until', '>', new Date(Date.now() + 86_400_000))
        .orderBy('id')
        .limit(8)
        .execute()
    ).map((c) => c.public_id);
    if (certifications.length < 8) throw new Error('the demo seed has fewer than 8 active certifications');
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
    return { token, certifications };
  } finally {
    await handle.close();
  }
}

/** A writer's commits: which log subject each change wrote, and when its commit returned. */
type Commits = Array<{ subject: string; at: number }>;

/**
 * Runs 8 writers for `ms` while a monitor polls /log/checkpoint. `change(w, i)` makes one change
 * (a committed transaction that queues one log entry) and names its entry's subject. Returns
 * changes/s and, when `sequencing`, each change's lag from its commit to the first polled
 * checkpoint that covers its entry.
 */
async function loadWithLag(
  url: string,
  server: ServerProcess,
  ms: number,
  sequencing: boolean,
  change: (writer: number, i: number, client: pg.Client) => Promise<string>,
): Promise<{ rate: number; lags: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sizeNow = async () =>
      Number(
        (await client.query<{ s: string | null }>('select max(index) + 1 as s from log_entry')).rows[0]!.s ??
          0,
      );
    const startIndex = await sizeNow();
    const commits: Commits[] = Array.from({ length: 8 }, () => []);
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
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const own = new pg.Client({ connectionString: url });
        await own.connect();
        for (let i = 0; performance.now() < deadline; i++) {
          const subject = await change(w, i, own);
          commits[w]!.push({ subject, at: performance.now() });
        }
        await own.end();
      }),
    );
    const total = commits.reduce((n, c) => n + c.length, 0);
    const rate = total / (ms / 1000);
    if (!sequencing) {
      stop = true;
      await monitor;
      return { rate, lags: [] };
    }
    // Wait until everything written is under a checkpoint the monitor saw.
    for (;;) {
      const { rows } = await client.query<{ n: string }>('select count(*) as n from log_pending');
      if (Number(rows[0]!.n) === 0 && (observed.at(-1)?.[1] ?? -1) >= (await sizeNow())) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    stop = true;
    await monitor;
    // A writer's changes of one subject commit one after another, so its k-th change of a subject
    // is that subject's k-th new entry in index order.
    const { rows } = await client.query<{ index: string; subject: string }>(
      'select index, subject from log_entry where index >= $1 order by index',
      [startIndex],
    );
    const bySubject = new Map<string, number[]>();
    for (const row of rows) {
      const list = bySubject.get(row.subject) ?? [];
      list.push(Number(row.index));
      bySubject.set(row.subject, list);
    }
    const lags: number[] = [];
    for (const writer of commits) {
      const seen = new Map<string, number>();
      for (const { subject, at } of writer) {
        const k = seen.get(subject) ?? 0;
        seen.set(subject, k + 1);
        const index = bySubject.get(subject)?.[k];
        if (index === undefined) throw new Error(`change ${k} of ${subject} has no log entry`);
        const covered = observed.find(([, size]) => size > index);
        if (covered) lags.push(Math.max(0, covered[0] - at));
      }
    }
    return { rate, lags: lags.sort((a, b) => a - b) };
  } finally {
    await client.end();
  }
}

/** A synthetic append: one transaction that only queues an entry. */
const syntheticAppend =
  (tag: string) =>
  async (w: number, i: number, client: pg.Client): Promise<string> => {
    const subject = `${tag}-${w}-${i}`;
    await client.query('begin');
    await client.query('insert into log_pending (entry, subject) values ($1, $2)', [
      Buffer.from(JSON.stringify({ kind: 'bench', subject, reason: 'synthetic lifecycle change' })),
      subject,
    ]);
    await client.query('commit');
    return subject;
  };

/**
 * An admin lifecycle change through the admin API: writer `w` suspends and reinstates its own
 * certification in turn (a reinstatement issues a new credential), each one transaction of the
 * real path (perform, audit, transitions, credential hook, log entry, NOTIFY).
 */
const lifecycleChange =
  (server: ServerProcess, token: string, certifications: readonly string[], agent: http.Agent) =>
  async (w: number, i: number): Promise<string> => {
    const publicId = certifications[w]!;
    const action = i % 2 === 0 ? 'suspend' : 'reinstate';
    const body = JSON.stringify({ reason: `bench ${action} ${i}` });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${server.url}/api/v1/admin/certifications/${publicId}/${action}`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    if (status !== 200) throw new Error(`${action} ${publicId}: ${status}`);
    return publicId;
  };

/** Waits until nothing is pending and the latest checkpoint covers every entry. */
async function drained(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{
        pending: string;
        size: string | null;
        checkpoint: string | null;
      }>(
        `select (select count(*) from log_pending) as pending, (select max(index) + 1 from log_entry) as size,
           (select max(tree_size) from log_checkpoint) as checkpoint`,
      );
      const r = rows[0]!;
      if (Number(r.pending) === 0 && Number(r.checkpoint ?? -1) >= Number(r.size ?? 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** With the rule, inserts into log_pending do nothing: the registry without a log, for the baseline. */
async function logWrites(url: string, on: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    on
      ? 'drop rule if exists bench_no_log on log_pending'
      : 'create or replace rule bench_no_log as on insert to log_pending do instead nothing',
  );
  await client.end();
}

const lagLine = (lags: number[]) =>
  `p50 ${fmt(pct(lags, 50))} ms, p99 ${fmt(pct(lags, 99))} ms (${fmt(lags.length)} entries)`;

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What `--only` may narrow the log benchmark to. */
export type LogBenchPart = 'lifecycle' | 'proof' | 'tiles';

export async function benchLog(options: {
  pgUrl: string;
  entries: number;
  durationMs: number;
  report: Report;
  startBare(file: string): Promise<{ url: string; stop: () => void }>;
  load(url: string, ms: number): Promise<LoadResult & { tool: string }>;
  /** Only this part (and the seed): iterating on one figure without the whole run. */
  only?: LogBenchPart;
}): Promise<void> {
  const { pgUrl, entries, durationMs, report } = options;
  const doLifecycle = options.only === undefined || options.only === 'lifecycle';
  const doRest = options.only === undefined || options.only === 'proof' || options.only === 'tiles';
  const { token, certifications } = await seed(pgUrl, entries, report);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-bench-log-'));
  let bare: { url: string; stop: () => void } | null = null;
  // Each writer suspends and reinstates its own certification in turn, across all phases.
  const counters = certifications.map(() => 0);
  const lifecycle = (server: ServerProcess, agent: http.Agent) => {
    const change = lifecycleChange(server, token, certifications, agent);
    return (w: number) => change(w, counters[w]!++);
  };
  const phase = async <T>(run: (agent: http.Agent) => Promise<T>): Promise<T> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    try {
      return await run(agent);
    } finally {
      agent.destroy();
    }
  };
  try {
    // One port for every server: the badge signing key is bound to PUBLIC_URL.
    const env = { DATABASE_URL: pgUrl, DATA_DIR: dir, LOG_LEVEL: 'error', PORT: String(await freePort()) };
    let queued: { rate: number } | null = null;
    let synthOff: { rate: number } | null = null;
    if (doLifecycle) {
      // 1. Entries queued, nobody sequencing: the log's cost inside the writers' transactions alone.
      const server = await startServerProcess({ ...env, LOG_SEQUENCER: 'off' });
      try {
        queued = await phase((agent) =>
          loadWithLag(pgUrl, server, durationMs, false, lifecycle(server, agent)),
        );
        synthOff = await loadWithLag(pgUrl, server, durationMs, false, syntheticAppend('off'));
      } finally {
        await server.stop('SIGKILL');
      }
    }
    // 2. The sequencer on. It first numbers what phase 1 left queued, so that backlog is not
    // counted as lag of the changes measured here.
    const server = await startServerProcess(env);
    try {
      await drained(pgUrl);
      if (doLifecycle) {
        const rounds = await lifecycleRounds(pgUrl, server, durationMs, (agent) => lifecycle(server, agent));
        const ratios = rounds.map((r) => r.on / r.off);
        const lags = rounds.flatMap((r) => r.lags).sort((a, b) => a - b);
        report(
          `admin lifecycle changes/s (suspend ⇄ reinstate, admin API), 8 writers, log on ÷ no log writes, ${rounds.length} alternating rounds`,
          `median ${fmt(median(ratios), 2)}× (rounds ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}×)`,
          `${fmt(median(rounds.map((r) => r.on)))}/s with the log, ${fmt(median(rounds.map((r) => r.off)))}/s without (medians; goal ≥ 0.8×); ${fmt(queued!.rate)}/s with entries queued and LOG_SEQUENCER=off`,
        );
        report(
          'checkpoint lag under that load',
          lagLine(lags),
          `${fmt(pct(lags, 99) / 1000, 2)}× of the 1 s goal`,
        );
        await drained(pgUrl);
        const synthOn = await loadWithLag(pgUrl, server, durationMs, true, syntheticAppend('on'));
        report(
          'synthetic appends/s (one-insert transactions), 8 writers, sequencer on',
          `${fmt(synthOn.rate)}/s`,
          `${fmt(synthOn.rate / synthOff!.rate, 2)}× of ${fmt(synthOff!.rate)}/s with LOG_SEQUENCER=off (the log alone, no registry work)`,
        );
        report(
          'checkpoint lag under the synthetic load',
          lagLine(synthOn.lags),
          `${fmt(pct(synthOn.lags, 99) / 1000, 2)}× of 1 s`,
        );
      }
      if (!doRest) return;
      await drained(pgUrl);
      if (options.only !== 'tiles') await benchProofs(server, durationMs, report);
      if (options.only === 'proof') return;
      // Tile 1 of level 0: full in any tree of 512 entries or more.
      const tileUrl = `${server.url}/log/tile/0/001`;
      const first = await fetch(tileUrl);
      if (first.status !== 200) throw new Error(`${tileUrl} answered ${first.status}`);
      const bytes = Buffer.from(await first.arrayBuffer());
      const file = path.join(dir, 'tile.bin');
      await fs.writeFile(file, bytes);
      bare = await options.startBare(file);
      // Alternating 3 s rounds after a warm-up of each, the median ratio reported (as the badge
      // and edge benchmarks do): one 20 s run of each moved by ±10 % between runs.
      await options.load(tileUrl, 500);
      await options.load(`${bare.url}/`, 500);
      const rounds = Math.max(3, Math.round(durationMs / 3_000));
      const ours: Array<LoadResult & { tool: string }> = [];
      const base: Array<LoadResult & { tool: string }> = [];
      for (let i = 0; i < rounds; i++) {
        base.push(await options.load(`${bare.url}/`, 3_000));
        ours.push(await options.load(tileUrl, 3_000));
      }
      const ratios = ours.map((r, i) => r.rps / base[i]!.rps);
      report(
        `full tile, 64 conns, ${rounds} alternating rounds of 3 s`,
        `${fmt(median(ours.map((r) => r.rps)))} req/s, p99 ${fmt(median(ours.map((r) => r.p99)), 2)} ms (${ours[0]!.tool})`,
        `median ${fmt(median(ratios), 2)}× (rounds ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}×) of bare node:http ${fmt(median(base.map((r) => r.rps)))} req/s (goal ≥ 0.7×)`,
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

/**
 * The lifecycle ratio on one server and one database: rounds with no log writes (the bench rule)
 * and with the log on alternate, the order flipping each pair (off-on, on-off, …) so that a slow
 * drift of the shared machine falls on both sides alike. A first pair warms the server and is not
 * counted. Each log-on round ends when everything it wrote is under a checkpoint, so no round
 * pays for the one before.
 */
async function lifecycleRounds(
  url: string,
  server: ServerProcess,
  durationMs: number,
  change: (agent: http.Agent) => (w: number) => Promise<string>,
): Promise<Array<{ on: number; off: number; lags: number[] }>> {
  const roundMs = Math.max(3000, durationMs / 4);
  const pairs = 6;
  const once = async (on: boolean) => {
    await logWrites(url, on);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    try {
      return await loadWithLag(url, server, roundMs, on, change(agent));
    } finally {
      agent.destroy();
      await logWrites(url, true);
    }
  };
  const out: Array<{ on: number; off: number; lags: number[] }> = [];
  for (let pair = -1; pair < pairs; pair++) {
    const onFirst = pair % 2 !== 0;
    const first = await once(onFirst);
    const second = await once(!onFirst);
    const [on, off] = onFirst ? [first, second] : [second, first];
    if (pair >= 0) out.push({ on: on.rate, off: off.rate, lags: on.lags });
  }
  return out;
}

/**
 * Inclusion proofs of random indexes over the whole tree, 8 keep-alive connections of the raw
 * client: first against the cache as the lifecycle load left it (cold for proofs), then again.
 */
async function benchProofs(server: ServerProcess, durationMs: number, report: Report): Promise<void> {
  const size = Number((await (await fetch(`${server.url}/log/checkpoint`)).text()).split('\n')[1]);
  const indexes = () => `${server.url}/api/v1/log/proof?index=${Math.floor(Math.random() * size)}`;
  const healthz = await runRawLoad({
    url: `${server.url}/healthz`,
    connections: 8,
    durationMs: Math.min(durationMs, 5000),
  });
  const cold = await runRawLoad({ url: indexes, connections: 8, durationMs });
  const proofs = await runRawLoad({ url: indexes, connections: 8, durationMs });
  report(
    `inclusion proof p95, 8 clients (raw keep-alive sockets), tree of ${fmt(size)}`,
    `${fmt(proofs.p95, 2)} ms, p99 ${fmt(proofs.p99, 2)} ms (${fmt(proofs.rps)} req/s, statuses ${JSON.stringify(proofs.statuses)}); from a cold cache ${fmt(cold.p95, 2)} ms (${fmt(cold.rps)} req/s)`,
    `${fmt(proofs.p95 / 5, 2)}× of the 5 ms goal; /healthz p95 ${fmt(healthz.p95, 2)} ms`,
  );
}
