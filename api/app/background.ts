import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Logger } from './log.ts';
import type { Job } from '../jobs/job.ts';
import type { IssuerContext } from '../../badges/credentials/issuance.ts';
import { credentialsJob } from '../jobs/credentials.ts';
import { logExpiries } from '../jobs/log-expiries.ts';

export interface BackgroundWork {
  /** Asks for a credentials run soon (a key rotation, new certifications announced). */
  kickCredentials(): void;
  /** Resolves when no run is in progress or asked for: for tests and shutdown. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** One job on its timer, never overlapping itself, with a kick that coalesces bursts. */
function loop(job: Job, run: () => Promise<void>, log: Logger, kickDelayMs: number) {
  let running: Promise<void> | null = null;
  let again = false;
  let kickTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const start = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch((error: unknown) => log.error('background job failed', { job: job.name, error }))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          start();
        }
      });
  };
  const timer = setInterval(start, job.everyMs);
  timer.unref();
  return {
    start,
    kick() {
      if (kickTimer || stopped) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        start();
      }, kickDelayMs);
      kickTimer.unref();
    },
    async idle() {
      while (running || kickTimer || again) await (running ?? new Promise((r) => setTimeout(r, 20)));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      again = false;
      await running;
    },
  };
}

/**
 * The server's own background work, until a shared job runner takes the timers over: issuing
 * credentials (at start, when kicked, every 10 minutes) and logging expiries (at start, hourly).
 * Both are idempotent and safe on several instances at once (row locks, once-only claims).
 */
export function startBackgroundWork(options: {
  db: Kysely<Database>;
  issuer: IssuerContext;
  publicUrl: string;
  log: Logger;
  now: () => Date;
  kickDelayMs?: number;
}): BackgroundWork {
  const jobs = [credentialsJob(async () => options.issuer), logExpiries];
  const loops = jobs.map((job) =>
    loop(
      job,
      async () => {
        const result = await job.run({
          db: options.db,
          now: options.now(),
          publicUrl: options.publicUrl,
          log: (message, fields) => options.log.info(message, { job: job.name, ...fields }),
        });
        if (result.done > 0)
          options.log.debug('background job finished', { job: job.name, done: result.done });
      },
      options.log,
      options.kickDelayMs ?? 1_000,
    ),
  );
  for (const l of loops) l.start();
  return {
    kickCredentials: () => loops[0]!.kick(),
    async idle() {
      for (const l of loops) await l.idle();
    },
    async stop() {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
