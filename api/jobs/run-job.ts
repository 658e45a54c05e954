import os from 'node:os';
import type { Job, JobContext, JobResult } from './job.ts';
import { releaseJobLease, takeJobLease } from '../../db/jobs/job-lock.ts';

/** This process, as named in job_run.locked_by. */
export const JOB_HOLDER = `${os.hostname()}:${process.pid}`;

/** A lease longer than any job should take; a crashed holder's lock runs out after it. */
export const DEFAULT_JOB_LEASE_MS = 10 * 60_000;

export type JobRunOutcome =
  { ran: true; result: JobResult; ms: number } | { ran: false; reason: 'locked' | 'recent' };

export interface RunJobOptions {
  holder?: string;
  leaseMs?: number;
  /** The server's timer passes the job's period: a run started by any instance within it is enough. */
  minIntervalMs?: number;
}

/**
 * Runs a job under its lease, so one instance on a database runs it at a time, and records the
 * outcome in job_run. A job that throws is recorded as an error and the error is rethrown.
 */
export async function runJob(
  job: Job,
  context: JobContext,
  options: RunJobOptions = {},
): Promise<JobRunOutcome> {
  const holder = options.holder ?? JOB_HOLDER;
  const taken = await takeJobLease(context.db, {
    name: job.name,
    holder,
    leaseMs: options.leaseMs ?? DEFAULT_JOB_LEASE_MS,
    minIntervalMs: options.minIntervalMs ?? 0,
  });
  // The UPDATE does not say which condition failed; both mean "not now" to the caller.
  if (!taken) return { ran: false, reason: options.minIntervalMs ? 'recent' : 'locked' };
  const started = performance.now();
  let result: JobResult;
  try {
    result = await job.run(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await releaseJobLease(context.db, {
      name: job.name,
      holder,
      clock: context.now,
      outcome: { ok: false, error: message },
    });
    throw error;
  }
  await releaseJobLease(context.db, {
    name: job.name,
    holder,
    clock: context.now,
    outcome: { ok: true, done: result.done, details: result.details ?? null },
  });
  return { ran: true, result, ms: Math.round(performance.now() - started) };
}
