import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { extractCredential, type BadgeSource } from './input.ts';

// Runs in a worker thread of the extract pool: parsing an uploaded SVG or walking a PNG is
// synchronous and, for hostile files, slow, so it must never run on the server's event loop.

// Parsing yields the CPU to the event loop: on Linux niceness is per thread, so this lowers only
// this worker (where it cannot, e.g. another OS, the worker simply runs at normal priority).
try {
  os.setPriority(Math.min(19, os.getPriority() + 10));
} catch {
  // Not permitted or not supported: nothing else to do.
}

interface Job {
  source: BadgeSource;
  bytes: Uint8Array;
}

parentPort?.on('message', ({ source, bytes }: Job) => {
  try {
    parentPort!.postMessage({ result: extractCredential(source, bytes) });
  } catch (error) {
    // extractCredential turns bad input into a failed extraction; this is a bug, told as such.
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
