import type { PurgeTarget } from './purge-targets.ts';
import type { EdgeChange } from './edge-change.ts';
import { purgeRequests, purgeSucceeded, type CdnApis, type CdnTokens } from './purge-requests.ts';

export interface PurgeStats {
  readonly edge: string;
  /** Purge rounds that reached the edge. */
  ok: number;
  /** Attempts that failed (each is retried). */
  failed: number;
  /** Tags and paths left out because too many waited while the edge was away. */
  dropped: number;
  /** Tags and paths waiting for the next attempt. */
  pending: number;
}

export interface EdgePurger {
  /** Purges `change` at every edge, now and once more after the settle delay; never throws. */
  purge(change: EdgeChange): void;
  readonly stats: readonly PurgeStats[];
  /** Resolves when nothing waits (tests, shutdown); rejects never. */
  idle(): Promise<void>;
  close(): void;
}

export interface PurgeLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface PurgerOptions {
  targets: readonly PurgeTarget[];
  tokens: CdnTokens;
  log: PurgeLog;
  apis?: CdnApis;
  /** First retry delay; doubled per failure up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /**
   * The second purge of every change, this long after the first: a badge rendered from the state
   * before the change may still be on its way to the edge when the first purge lands. 0: none.
   */
  settleMs?: number;
  timeoutMs?: number;
}

// While an edge is away, changes collect here (merged); past this many the oldest are dropped and
// counted: those entries then live until their edge lifetime ends.
const MAX_PENDING = 20_000;

/**
 * Tells the configured edges about changes. Each edge has its own queue: changes heard while a
 * purge is under way, or while the edge fails, are merged into the next attempt, which is retried
 * with doubling delays for as long as it fails (logged at each failure, counted for /metrics).
 * An edge outage never reaches the caller: purging is off the request and lifecycle paths.
 */
export function createEdgePurger(options: PurgerOptions): EdgePurger {
  const first = options.firstDelayMs ?? 250;
  const max = options.maxDelayMs ?? 30_000;
  const settle = options.settleMs ?? 2_000;
  const timeout = options.timeoutMs ?? 5_000;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const queues = options.targets.map((target) => {
    const stats: PurgeStats = { edge: target.name, ok: 0, failed: 0, dropped: 0, pending: 0 };
    const tags = new Set<string>();
    const paths = new Set<string>();
    let running: Promise<void> | null = null;
    let failures = 0;
    let waiting = false;

    const add = (set: Set<string>, items: readonly string[]) => {
      for (const item of items) {
        set.delete(item);
        set.add(item);
      }
      while (set.size > MAX_PENDING) {
        set.delete(set.values().next().value!);
        stats.dropped++;
      }
    };

    async function sendAll(change: EdgeChange): Promise<void> {
      for (const request of purgeRequests(target, change, options.tokens, options.apis)) {
        const response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal: AbortSignal.timeout(timeout),
        });
        const body = await response.text();
        if (!purgeSucceeded(target, response.status, body))
          throw new Error(
            `${request.method} ${request.url} answered ${response.status}: ${body.slice(0, 200)}`,
          );
      }
    }

    function run(): void {
      if (running || waiting || closed || (tags.size === 0 && paths.size === 0)) {
        stats.pending = tags.size + paths.size;
        return;
      }
      const change: EdgeChange = { tags: [...tags], paths: [...paths] };
      tags.clear();
      paths.clear();
      stats.pending = 0;
      running = sendAll(change).then(
        () => {
          stats.ok++;
          if (failures > 0)
            options.log.warn('edge purges work again', { edge: target.name, after: failures });
          failures = 0;
        },
        (error: unknown) => {
          stats.failed++;
          failures++;
          // Put it back in front of what arrived meanwhile, and wait before the next try.
          const newerTags = [...tags];
          const newerPaths = [...paths];
          tags.clear();
          paths.clear();
          add(tags, [...change.tags, ...newerTags]);
          add(paths, [...change.paths, ...newerPaths]);
          stats.pending = tags.size + paths.size;
          const delay = Math.min(max, first * 2 ** (failures - 1));
          options.log.warn('edge purge failed; retrying', {
            edge: target.name,
            attempt: failures,
            retryInMs: delay,
            pending: stats.pending,
            error: error instanceof Error ? error.message : String(error),
          });
          waiting = true;
          later(delay, () => {
            waiting = false;
            run();
          });
        },
      );
      void running.finally(() => {
        running = null;
        run();
      });
    }

    return {
      stats,
      enqueue(change: EdgeChange) {
        if (target.kind === 'nginx') add(paths, change.paths);
        else add(tags, change.tags);
        run();
      },
      busy: () => running !== null || waiting || tags.size + paths.size > 0,
    };
  });

  return {
    stats: queues.map((q) => q.stats),
    purge(change) {
      if (closed || queues.length === 0) return;
      for (const q of queues) q.enqueue(change);
      if (settle > 0)
        later(settle, () => {
          for (const q of queues) q.enqueue(change);
        });
    },
    async idle() {
      while (!closed && (timers.size > 0 || queues.some((q) => q.busy())))
        await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
