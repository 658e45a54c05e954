import { loadConfig } from '../app/config.ts';
import { createLogger } from '../app/log.ts';
import { jobs } from '../jobs/index.ts';
import { runJob } from '../jobs/run-job.ts';
import { jobLease } from '../../db/jobs/job-lock.ts';
import { parseArgsOrHelp, runCli, UsageError } from './run-cli.ts';
import { withDatabase } from './with-database.ts';

const HELP = `Usage: npm run jobs -- NAME [--now ISO-DATE] [--json]

Runs one scheduled job now, under the same lock the server's timers use (so it never runs
beside another instance's run of the same job), and records the outcome in job_run.

  --now ISO-DATE   run as if it were this moment (2027-01-31 or 2027-01-31T09:00:00Z);
                   how tests and operators move time
  --json           print the outcome as one JSON object

Jobs:
${jobs.map((job) => `  ${job.name.padEnd(16)} ${job.description}`).join('\n')}

Exit codes: 0 done, 1 failed or locked by another run, 2 usage (unknown job, bad date).
On the embedded database the server must be stopped first (it runs the jobs itself).
`;

/** A date as given on the command line: a calendar date (midnight UTC) or a full ISO 8601 moment. */
export function parseNow(raw: string): Date {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(raw);
  const date = new Date(raw);
  if (!iso || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--now expects an ISO date such as 2027-01-31 or 2027-01-31T09:00:00Z, got "${raw}"`,
    );
  }
  // Date rolls 2027-02-31 over to March; a day that does not exist is a typo, not a wish.
  const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    throw new UsageError(`--now: ${iso[0].slice(0, 10)} is not a calendar date`);
  }
  return date;
}

await runCli('jobs', async () => {
  const { flags, positional, helped } = parseArgsOrHelp(
    process.argv.slice(2),
    { now: 'string', json: 'boolean' },
    HELP,
  );
  if (helped) return 0;
  if (positional.length !== 1) throw new UsageError(`name one job: ${jobs.map((j) => j.name).join(', ')}`);
  const job = jobs.find((j) => j.name === positional[0]);
  if (!job)
    throw new UsageError(`unknown job "${positional[0]}"; jobs: ${jobs.map((j) => j.name).join(', ')}`);
  const now = typeof flags['now'] === 'string' ? parseNow(flags['now']) : new Date();
  const config = loadConfig();
  const log = createLogger(config.logLevel, { service: 'keurmerk-jobs', job: job.name });
  return withDatabase(
    config,
    async (database) => {
      const outcome = await runJob(job, {
        db: database.db,
        now,
        publicUrl: config.publicUrl,
        log: (message, fields) => log.info(message, fields),
      });
      if (!outcome.ran) {
        const lease = await jobLease(database.db, job.name);
        const holder = lease?.locked_by ?? 'another process';
        const until = lease?.locked_until ? ` until ${lease.locked_until.toISOString()} at the latest` : '';
        if (flags['json'])
          process.stdout.write(`${JSON.stringify({ job: job.name, ran: false, lockedBy: holder })}\n`);
        process.stderr.write(`jobs: ${job.name} is running in ${holder}${until}; try again later\n`);
        return 1;
      }
      const { result, ms } = outcome;
      if (flags['json']) {
        process.stdout.write(
          `${JSON.stringify({ job: job.name, ran: true, now: now.toISOString(), done: result.done, ms, details: result.details ?? {} })}\n`,
        );
      } else {
        const details = Object.entries(result.details ?? {})
          .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(', ');
        process.stdout.write(
          `${job.name} at ${now.toISOString()}: done ${result.done}${details ? ` (${details})` : ''} in ${ms} ms\n`,
        );
      }
      return 0;
    },
    { role: 'jobs', migrate: true, seedSchemes: true },
  );
});
