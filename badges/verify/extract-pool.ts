import { Worker } from 'node:worker_threads';
import { KeurmerkError } from '../../db/errors.ts';
import { extractCredential, type BadgeSource, type ExtractedCredential } from './input.ts';

/** Reads the credential out of an uploaded badge without blocking the caller's event loop. */
export interface CredentialExtractor {
  extract(source: BadgeSource, bytes: Uint8Array): Promise<ExtractedCredential>;
  /** Stops the workers; jobs still waiting are refused. */
  close(): Promise<void>;
}

export interface ExtractPoolOptions {
  /** Worker threads; each parses one file at a time. */
  size: number;
  /** Files that may wait for a worker; one more is refused with `verify_busy` (503). */
  queueLimit: number;
  /** A file still being parsed after this long is given up (its worker is replaced). */
  timeoutMs?: number;
}

interface Job {
  source: BadgeSource;
  bytes: Uint8Array;
  resolve(result: ExtractedCredential): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker | null;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

// A variable, not a literal: bundlers rewrite `new URL('literal', import.meta.url)` into an asset.
const WORKER_FILE = './extract-worker.ts';
/** Heap of one worker: a 1 MB badge parses in a few MB; a hostile one dies here, not in the server. */
const WORKER_HEAP_MB = 128;
/** How long a client refused with 503 should wait: one file takes well under a second to parse. */
const BUSY_RETRY_AFTER_SECONDS = 2;

const givenUp = (source: BadgeSource, why: string): ExtractedCredential => ({
  ok: false,
  source,
  detail: `The ${source.toUpperCase()} badge could not be read: ${why}.`,
});

/**
 * A small pool of worker threads that parse uploaded SVG and PNG badges, so a hostile file costs
 * a worker's time, never the server's event loop (health checks, badges, pages keep flowing).
 * Workers start on the first file, not at start-up: an instance that never verifies a file pays
 * nothing. At most `size` files are parsed at once and `queueLimit` wait; beyond that the pool
 * answers `verify_busy` (503 with Retry-After) at once instead of piling up bodies in memory.
 * Bare tokens need no parsing and are read on the calling thread.
 */
export function createExtractPool(options: ExtractPoolOptions): CredentialExtractor {
  const { size, queueLimit, timeoutMs = 5_000 } = options;
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, job: null, timer: null }));
  const waiting: Job[] = [];
  let closed = false;

  function finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    if (job) settle(job);
    const next = waiting.shift();
    if (next) run(slot, next);
  }

  /** Drops a worker that died or hung; the slot starts a fresh one for its next job. */
  function replace(slot: Slot, why: string): void {
    const worker = slot.worker;
    slot.worker = null;
    worker?.removeAllListeners();
    void worker?.terminate();
    finish(slot, (job) => job.resolve(givenUp(job.source, why)));
  }

  function start(slot: Slot): Worker {
    const worker = new Worker(new URL(WORKER_FILE, import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // Workers must not keep a stopping process alive.
    worker.unref();
    worker.on('message', (message: { result?: ExtractedCredential; error?: string }) => {
      finish(slot, (job) =>
        message.result ? job.resolve(message.result) : job.reject(new Error(message.error)),
      );
    });
    worker.on('error', () => replace(slot, 'it exceeds the memory a badge may need'));
    worker.on('exit', () => {
      if (slot.worker === worker) replace(slot, 'the reader stopped');
    });
    return worker;
  }

  function run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker ??= start(slot);
    slot.timer = setTimeout(() => replace(slot, `it took longer than ${timeoutMs} ms`), timeoutMs);
    // A copy the worker owns (transferred, not cloned again): the caller's bytes may be a view on
    // a pooled buffer shared with other data. Not `.slice()`: on a Buffer that is a view too.
    const bytes = new Uint8Array(job.bytes);
    slot.worker.postMessage({ source: job.source, bytes }, [bytes.buffer]);
  }

  return {
    extract(source, bytes) {
      if (source === 'jwt') return Promise.resolve(extractCredential(source, bytes));
      if (closed) return Promise.reject(busy());
      return new Promise<ExtractedCredential>((resolve, reject) => {
        const job = { source, bytes, resolve, reject };
        const idle = slots.find((slot) => slot.job === null);
        if (idle) run(idle, job);
        else if (waiting.length < queueLimit) waiting.push(job);
        else reject(busy());
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(busy());
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          worker?.removeAllListeners();
          await worker?.terminate();
        }),
      );
    },
  };
}

function busy(): KeurmerkError {
  return new KeurmerkError(
    'verify_busy',
    'The registry is reading many badge files right now; try again in a moment.',
    { retryAfter: BUSY_RETRY_AFTER_SECONDS },
  );
}
