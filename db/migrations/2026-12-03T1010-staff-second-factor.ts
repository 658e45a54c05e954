import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// A second factor for staff: a TOTP secret (sealed with AES-256-GCM: unlike a password it must be
// read back to check codes, so it cannot be a hash), ten single-use recovery codes kept as
// SHA-256, and on each session whether the second step is still to do. Sessions from before this
// migration were complete sign-ins and stay so (password_only defaults to false).

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table staff_totp (
      staff_user_id integer primary key references staff_user(id) on delete cascade,
      secret_sealed text not null,
      confirmed_at timestamptz,
      last_used_step bigint,
      created_at timestamptz not null
    );

    create table staff_recovery_code (
      id integer generated always as identity primary key,
      staff_user_id integer not null references staff_user(id) on delete cascade,
      code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      used_at timestamptz
    );
    create index staff_recovery_code_user on staff_recovery_code (staff_user_id);

    alter table session add column password_only boolean not null default false;
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table session drop column password_only;
    drop table staff_recovery_code;
    drop table staff_totp;`,
  );
}
