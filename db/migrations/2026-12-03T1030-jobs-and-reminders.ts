import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// job_run: one row per scheduled job, which is also its lock. An instance that starts a job sets
// locked_until (a lease on the database's clock); a crashed instance's lease simply runs out, so
// no lock outlives its holder for long. The last run's outcome stays beside it for the admin.
//
// certification_reminder: one row per reminder e-mail a member was sent, keyed by the validity
// period it is about. It is written in the same transaction as the message (the outbox), so two
// instances racing on the same reminder queue it once: the second insert waits for the first's
// commit and then conflicts.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table job_run (
      name text primary key check (name ~ '^[a-z][a-z0-9_-]{0,63}$'),
      locked_by text,
      locked_until timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_clock timestamptz,
      last_outcome text check (last_outcome in ('ok', 'error')),
      last_done integer,
      last_details jsonb,
      last_error text
    );

    create table certification_reminder (
      certification_id integer not null references certification(id) on delete cascade,
      valid_until timestamptz not null,
      days_before integer not null check (days_before > 0),
      member_user_id integer not null references member_user(id) on delete cascade,
      mail_message_id bigint references mail_message(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (certification_id, valid_until, days_before, member_user_id)
    );
    create index certification_reminder_member on certification_reminder (member_user_id);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop table certification_reminder;
    drop table job_run;`,
  );
}
