import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';

export interface JobContext {
  db: Kysely<Database>;
  /** The clock the job runs at: the timer's now, or `npm run jobs -- NAME --now ISO-DATE`. */
  now: Date;
  publicUrl: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export interface JobResult {
  /** How many things the job did (messages queued, certifications expired...), for logs and --json. */
  done: number;
  details?: Record<string, unknown>;
}

/**
 * A scheduled job is a plain function of (db, now): idempotent, so running it twice at the same
 * `now` does nothing the second time. The runner holds a lock so one instance runs each at a time.
 */
export interface Job {
  name: string;
  description: string;
  /** How often the server's timer runs it. */
  everyMs: number;
  run(context: JobContext): Promise<JobResult>;
}
