import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Logger } from '../app/log.ts';
import type { Metrics } from '../app/metrics.ts';
import type { Job } from './job.ts';
import { runJob } from './run-job.ts';

export interface SchedulerOptions {
  db: Kysely<Database>;
  jobs: readonly Job[];
  publicUrl: string;
  log: Logger;
  metrics: Metrics;
  now?: () => Date;
  /** Delay before the first round, so start-up is not slowed by it (jittered per instance). */
  firstDelayMs?: number;
}

export interface Scheduler {
  /** Stops the timers and waits for a job that is running to finish. */
  stop(): Promise<void>;
}

/**
 * Runs every job on its own unref'd timer (its `everyMs`, with a little jitter so instances do not
 * ask in lockstep). The lease in job_run makes one instance run it per period; a failing job is
 * logged and counted, and tried again at its next tick.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => new Date());
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const tick = (job: Job): Promise<void> =>
    runJob(
      job,
      {
        db: options.db,
        now: now(),
        publicUrl: options.publicUrl,
        log: (message, fields) => options.log.info(message, { job: job.name, ...fields }),
      },
      // A little under the period, so a timer that fires early is not skipped a whole round.
      { minIntervalMs: Math.floor(job.everyMs * 0.9) },
    ).then(
      (outcome) => {
        if (!outcome.ran) return;
        options.metrics.increment('keurmerk_job_runs_total', 'Scheduled job runs finished by this instance.');
        options.log.info('job finished', {
          job: job.name,
          done: outcome.result.done,
          ms: outcome.ms,
          ...outcome.result.details,
        });
      },
      (error: unknown) => {
        options.metrics.increment('keurmerk_job_failures_total', 'Scheduled job runs that threw.');
        options.log.error('job failed', { job: job.name, error });
      },
    );

  const schedule = (job: Job, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = tick(job).finally(() => {
        running.delete(run);
        schedule(job, job.everyMs * (0.95 + Math.random() * 0.1));
      });
      running.add(run);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  for (const job of options.jobs) schedule(job, (options.firstDelayMs ?? 5_000) * (0.5 + Math.random()));
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
