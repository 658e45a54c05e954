import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { JobRun } from '../schema/job-run.table.ts';

export interface LeaseRequest {
  name: string;
  /** Who takes it (host and pid), named in job_run for people looking at a stuck job. */
  holder: string;
  leaseMs: number;
  /**
   * The server's timer: skip when any instance started this job less than this long ago, so N
   * instances do the work about once per period rather than N times. Manual runs pass 0.
   */
  minIntervalMs?: number;
}

/**
 * Takes a job's lease when it is free (never held, released, or run out), on the database's own
 * clock so instances with skewed clocks agree. Returns false when another holder has it. One
 * UPDATE decides, so two instances asking at once cannot both win: the row lock serialises them
 * and the second sees the first's lease. Works the same on PGlite.
 */
export async function takeJobLease(db: Kysely<Database>, request: LeaseRequest): Promise<boolean> {
  await db
    .insertInto('job_run')
    .values({ name: request.name })
    .onConflict((c) => c.doNothing())
    .execute();
  const lease = `${Math.max(1, Math.ceil(request.leaseMs))} milliseconds`;
  const interval = `${Math.max(0, Math.floor(request.minIntervalMs ?? 0))} milliseconds`;
  const taken = await db
    .updateTable('job_run')
    .set({
      locked_by: request.holder,
      locked_until: sql<Date>`now() + ${lease}::interval`,
      last_started_at: sql<Date>`now()`,
    })
    .where('name', '=', request.name)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
    .where((eb) =>
      eb.or([
        eb('last_started_at', 'is', null),
        eb('last_started_at', '<=', sql<Date>`now() - ${interval}::interval`),
      ]),
    )
    .returning('name')
    .executeTakeFirst();
  return taken !== undefined;
}

export interface JobOutcomeRecord {
  name: string;
  holder: string;
  clock: Date;
  outcome: { ok: true; done: number; details: Record<string, unknown> | null } | { ok: false; error: string };
}

/** Records the outcome and frees the lease, if this holder still has it (a lease that ran out may have passed on). */
export async function releaseJobLease(db: Kysely<Database>, record: JobOutcomeRecord): Promise<void> {
  const { outcome } = record;
  await db
    .updateTable('job_run')
    .set({
      locked_by: null,
      locked_until: null,
      last_finished_at: sql<Date>`now()`,
      last_clock: record.clock,
      last_outcome: outcome.ok ? 'ok' : 'error',
      last_done: outcome.ok ? outcome.done : null,
      last_details: outcome.ok && outcome.details ? JSON.stringify(outcome.details) : null,
      last_error: outcome.ok ? null : outcome.error.slice(0, 2000),
    })
    .where('name', '=', record.name)
    .where('locked_by', '=', record.holder)
    .execute();
}

/** Every job's lock and last outcome, by name. */
export function listJobRuns(db: Kysely<Database>): Promise<JobRun[]> {
  return db.selectFrom('job_run').selectAll().orderBy('name').execute();
}

/** Who holds a job's lease and until when, for a clear "already running" message. */
export function jobLease(
  db: Kysely<Database>,
  name: string,
): Promise<Pick<JobRun, 'locked_by' | 'locked_until'> | undefined> {
  return db
    .selectFrom('job_run')
    .select(['locked_by', 'locked_until'])
    .where('name', '=', name)
    .executeTakeFirst();
}
