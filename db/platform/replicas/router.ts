import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../../schema/database.ts';
import { createPgPool, hostOf } from '../connection.ts';
import { formatLsn, parseLsn, type Lsn } from './lsn.ts';
import { replicaLagMs, trimSamples, type PrimarySample } from './lag.ts';

/**
 * `up`: reachable, replaying, within the allowed lag. `lagging`: too far behind. `down`: not
 * answering. `not_standby`: answers but is not in recovery (promoted, or a primary by mistake),
 * so its data may have forked from ours. `unknown`: not checked yet. Only `up` serves reads.
 */
export type ReplicaHealth = 'unknown' | 'up' | 'lagging' | 'down' | 'not_standby';

export interface ReplicaState {
  /** host:port/database, never the credentials. */
  readonly name: string;
  readonly health: ReplicaHealth;
  readonly lagSeconds: number | null;
  readonly replayed: string | null;
  /** Readers handed out for this replica. */
  readonly reads: number;
}

/** Which database answers a read: the primary, or a streaming standby that is fresh enough. */
export interface ReadRouter {
  readonly primary: Kysely<Database>;
  /** True when replicas are configured; without them every read is the primary's. */
  readonly replicated: boolean;
  /**
   * A database for a public read: a replica that is `up` and, when `floor` is given, has replayed
   * that WAL position (read-your-writes); otherwise the primary. Replicas take turns.
   */
  reader(floor?: Lsn | null): Kysely<Database>;
  /**
   * The primary's WAL position now: asked right after a write commits, it is at or past that
   * commit, so a replica that has replayed it shows the write. Null without replicas.
   */
  writePosition(): Promise<Lsn | null>;
  readonly primaryReads: number;
  states(): ReplicaState[];
  /** One health round (also run on the timer); tests call it to avoid waiting for a tick. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadRouterOptions {
  primary: Kysely<Database>;
  replicaUrls: readonly string[];
  maxLagMs: number;
  /** Health-check period; a replica going away between checks is noticed by its pool at once. */
  intervalMs?: number;
  poolSize?: number;
}

interface Replica {
  readonly name: string;
  readonly db: Kysely<Database>;
  health: ReplicaHealth;
  lagMs: number | null;
  replayed: Lsn | null;
  reads: number;
}

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Opens a pool per replica and checks them on a timer. Until the first check has answered
 * (`await router.check()`), every read goes to the primary.
 */
export function createReadRouter(options: ReadRouterOptions): ReadRouter {
  const { primary, maxLagMs } = options;
  const replicas: Replica[] = options.replicaUrls.map((url) => {
    const pool = createPgPool(url, options.poolSize ?? 10, PROBE_TIMEOUT_MS);
    const replica: Replica = {
      name: hostOf(url),
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      health: 'unknown',
      lagMs: null,
      replayed: null,
      reads: 0,
    };
    // A connection dropped by a stopping standby: stop sending reads there before the next tick.
    pool.on('error', () => {
      replica.health = 'down';
    });
    return replica;
  });
  let samples: PrimarySample[] = [];
  let primaryReads = 0;
  let turn = 0;
  let checking: Promise<void> | null = null;

  async function probe(replica: Replica): Promise<void> {
    try {
      const { rows } = await withTimeout(
        sql<{ standby: boolean; replayed: string | null }>`
          select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed`.execute(
          replica.db,
        ),
        PROBE_TIMEOUT_MS,
      );
      const row = rows[0];
      const replayed = parseLsn(row?.replayed);
      if (!row?.standby || replayed === null) {
        replica.health = 'not_standby';
        replica.lagMs = null;
        return;
      }
      replica.replayed = replayed;
      replica.lagMs = replicaLagMs(samples, replayed, Date.now());
      replica.health = replica.lagMs > maxLagMs ? 'lagging' : 'up';
    } catch {
      replica.health = 'down';
      replica.lagMs = null;
    }
  }

  async function round(): Promise<void> {
    // The primary first: a replica read after it can only look fresher, never staler, than it is.
    try {
      const { rows } = await withTimeout(
        sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary),
        PROBE_TIMEOUT_MS,
      );
      const lsn = parseLsn(rows[0]?.lsn);
      const now = Date.now();
      // Only a new position is kept: its time is when the primary first got past the old one.
      if (lsn !== null && samples.at(-1)?.lsn !== lsn) samples.push({ at: now, lsn });
      samples = trimSamples(samples, now, 2 * maxLagMs);
    } catch {
      // Primary unreachable: replicas are judged against the positions already seen.
    }
    await Promise.all(replicas.map(probe));
  }

  function check(): Promise<void> {
    checking ??= round().finally(() => (checking = null));
    return checking;
  }

  const timer =
    replicas.length > 0 ? setInterval(() => void check(), options.intervalMs ?? 1_000).unref() : null;

  return {
    primary,
    replicated: replicas.length > 0,
    reader(floor) {
      for (let i = 0; i < replicas.length; i++) {
        const replica = replicas[(turn + i) % replicas.length]!;
        if (replica.health !== 'up') continue;
        if (floor != null && (replica.replayed === null || replica.replayed < floor)) continue;
        turn = (turn + i + 1) % replicas.length;
        replica.reads++;
        return replica.db;
      }
      primaryReads++;
      return primary;
    },
    async writePosition() {
      if (replicas.length === 0) return null;
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary);
      return parseLsn(rows[0]?.lsn);
    },
    get primaryReads() {
      return primaryReads;
    },
    states() {
      return replicas.map((r) => ({
        name: r.name,
        health: r.health,
        lagSeconds: r.lagMs === null ? null : r.lagMs / 1000,
        replayed: r.replayed === null ? null : formatLsn(r.replayed),
        reads: r.reads,
      }));
    },
    check,
    async close() {
      if (timer) clearInterval(timer);
      await checking?.catch(() => undefined);
      await Promise.all(replicas.map((r) => r.db.destroy().catch(() => undefined)));
    },
  };
}
