import type { Lsn } from './lsn.ts';

/** Where the primary's WAL stood at one moment (a health-check tick). */
export interface PrimarySample {
  readonly at: number;
  readonly lsn: Lsn;
}

/**
 * How long a replica trails the primary, in milliseconds: the age of the oldest primary position
 * it has not replayed yet. Lag by time since the last replayed transaction would call an idle,
 * fully caught-up replica late; lag by bytes says nothing about how stale its answers are.
 * `samples` are oldest first; a replica behind every kept sample is at least as late as the oldest.
 */
export function replicaLagMs(samples: readonly PrimarySample[], replayed: Lsn, now: number): number {
  for (const sample of samples) {
    if (sample.lsn > replayed) return Math.max(0, now - sample.at);
  }
  return 0;
}

/**
 * Keeps the samples that can still decide a lag up to `keepMs`: those newer than that, and the
 * newest older one (a replica behind all of them is then judged by it, and is late enough anyway).
 */
export function trimSamples(samples: readonly PrimarySample[], now: number, keepMs: number): PrimarySample[] {
  const cutoff = now - keepMs;
  const firstRecent = samples.findIndex((s) => s.at >= cutoff);
  if (firstRecent === -1) return samples.slice(-1);
  return samples.slice(Math.max(0, firstRecent - 1));
}
