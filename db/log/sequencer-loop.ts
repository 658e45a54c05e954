// Runs the sequencer in a server process: woken by NOTIFY log_pending (sent at the commit of any
// transaction that queued an entry) and by a short poll as a safety net for lost notifications,
// it drains pending entries in batches, each of which signs the checkpoint of its new size in its
// own transaction: a commit is under a checkpoint one batch after the sequencer wakes.
//
// Batches start at least `minIntervalMs` apart. A batch costs about ten statements and a signature
// whether it numbers one entry or a thousand, and every checkpoint makes each instance reload its
// proof view; under a steady stream of commits (one every few milliseconds) running a batch per
// commit spent the writers' CPU on the log. Waiting out the interval lets one batch and one
// checkpoint take what arrived meanwhile; a first commit after a quiet spell waits for nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Notifier } from '../platform/notifications.ts';
import { DEFAULT_BATCH, sequenceBatch } from './sequencer.ts';
import type { LogKeyring } from './log-key.ts';

export const PENDING_CHANNEL = 'log_pending';
/** Well inside the one second a commit may wait for its checkpoint, and ten batches a second at most. */
export const DEFAULT_MIN_INTERVAL_MS = 100;

export interface SequencerOptions {
  db: Kysely<Database>;
  notifier: Notifier;
  keys: LogKeyring;
  batchSize?: number;
  /** The safety-net poll; a notification wakes the sequencer at once. */
  pollMs?: number;
  /** The least time between the starts of two batch runs (default 100 ms); a backlog drains without it. */
  minIntervalMs?: number;
  /** Called after each committed checkpoint (this process's caches may refresh at once). */
  onCheckpoint?(): void;
  onError(error: unknown): void;
}

export interface Sequencer {
  /** Sequences and checkpoints everything committed so far (waits for a run in progress, then runs). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the sequencing loop; the first run (which signs the first checkpoint) starts at once. */
export async function startSequencer(options: SequencerOptions): Promise<Sequencer> {
  const batch = options.batchSize ?? DEFAULT_BATCH;
  const minInterval = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  let lastStart = -Infinity;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function cycle(): Promise<void> {
    for (;;) {
      const result = await sequenceBatch(options.db, batch, options.keys.current());
      // Another instance holds the lock: it sequences, and it signs the checkpoints.
      if (result === null) return;
      if (result.checkpointed) options.onCheckpoint?.();
      if (result.added < batch || stopped) return;
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const wait = lastStart + minInterval - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (stopped) break;
        lastStart = performance.now();
        try {
          await cycle();
        } catch (error) {
          if (!stopped) options.onError(error);
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  }

  await options.notifier.listen(
    PENDING_CHANNEL,
    () => void run(),
    () => void run(),
  );
  const timer = setInterval(() => void run(), options.pollMs ?? 500);
  timer.unref();
  void run();
  return {
    async settle() {
      while (running) await running;
      await run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
