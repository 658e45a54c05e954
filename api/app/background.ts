import type { Deps } from './deps.ts';
import { jobs } from '../jobs/index.ts';
import { startScheduler } from '../jobs/scheduler.ts';
import { smtpTransport, startMailSender } from '../mail/sender.ts';
import { startDemoMailPrinter } from '../mail/demo-printer.ts';

export interface Background {
  /** Stops timers and loops, waiting for work in hand (a job, a message being sent). */
  stop(): Promise<void>;
}

/**
 * The server's background work: the scheduled jobs (unless JOBS=off) and the mail sender (with
 * SMTP_URL). Without SMTP_URL messages wait in the outbox for admins to read; in demo mode the
 * links of messages to demo addresses are printed to the log instead.
 */
export async function startBackground(deps: Deps, options: { demo: boolean }): Promise<Background> {
  const { config, database, log, metrics } = deps;
  const stops: Array<() => Promise<void>> = [];
  if (config.jobsEnabled) {
    const scheduler = startScheduler({
      db: database.db,
      jobs,
      publicUrl: config.publicUrl,
      log: log.child({ component: 'jobs' }),
      metrics,
      now: () => deps.now(),
    });
    stops.push(() => scheduler.stop());
  }
  if (config.smtpUrl && config.mailFrom) {
    const sender = await startMailSender({
      db: database.db,
      transport: smtpTransport(config.smtpUrl, config.mailLeaseSeconds),
      from: config.mailFrom,
      publicUrl: config.publicUrl,
      log: log.child({ component: 'mail' }),
      metrics,
      leaseSeconds: config.mailLeaseSeconds,
      notifier: database.notifier,
      now: () => deps.now(),
    });
    stops.push(() => sender.stop());
  } else {
    log.info('SMTP_URL is unset: e-mail waits in the outbox (/admin/outbox)');
    if (options.demo) {
      const printer = await startDemoMailPrinter({ db: database.db, log, notifier: database.notifier });
      stops.push(() => printer.stop());
    }
  }
  return {
    async stop() {
      await Promise.all(
        stops.map((stop) =>
          stop().catch((error: unknown) => log.warn('stopping background work failed', { error })),
        ),
      );
    },
  };
}
