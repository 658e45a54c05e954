import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Json, Timestamp } from './common.ts';

export type JobOutcome = 'ok' | 'error';

/** A scheduled job's lock (a lease on the database clock) and the outcome of its last run. */
export interface JobRunTable {
  name: string;
  /** Which process holds the lease, for the log and the admin; null when free. */
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  /** The `now` the job last ran at (differs from the wall clock with `npm run jobs -- --now`). */
  last_clock: Timestamp | null;
  last_outcome: JobOutcome | null;
  last_done: number | null;
  last_details: Json<Record<string, unknown> | null> | null;
  last_error: string | null;
}
export type JobRun = Selectable<JobRunTable>;
export type NewJobRun = Insertable<JobRunTable>;
export type JobRunUpdate = Updateable<JobRunTable>;
