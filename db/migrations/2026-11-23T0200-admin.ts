import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The association's admin area: an append-only, hash-chained audit log of every admin action
// (it doubles as the store for login throttling, so every instance counts the same failures),
// stored results of POSTs keyed by Idempotency-Key, and "known device" tokens that let a staff
// member sign in while an attacker keeps their account locked.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table audit_log (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      actor text not null check (length(actor) between 1 and 300),
      actor_kind text not null check (actor_kind in ('staff', 'token', 'cli', 'system', 'anonymous')),
      action text not null check (action ~ '^[a-z][a-z_]*(\.[a-z_]+)*$'),
      target text,
      outcome text not null check (outcome in ('success', 'denied', 'failed', 'error')),
      client_address text,
      request_id text,
      detail jsonb not null default '{}',
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
    );
    create index audit_log_time on audit_log (occurred_at desc, id desc);
    -- Login throttling counts recent failures per client address.
    create index audit_log_login_failures on audit_log (client_address, occurred_at)
      where action = 'auth.login' and outcome in ('failed', 'denied');

    create table idempotency_key (
      principal text not null,
      key text not null check (length(key) between 1 and 200),
      method text not null,
      path text not null,
      request_hash text not null,
      status integer,
      response_body text,
      created_at timestamptz not null,
      completed_at timestamptz,
      primary key (principal, key)
    );
    create index idempotency_key_created on idempotency_key (created_at);

    create table staff_device (
      token_hash text primary key,
      staff_user_id integer not null references staff_user(id) on delete cascade,
      created_at timestamptz not null,
      last_used_at timestamptz not null,
      failed_logins integer not null default 0
    );
    create index staff_device_user on staff_device (staff_user_id);

    alter table staff_user add column last_login_at timestamptz;
    alter table staff_user add column password_changed_at timestamptz;
    create index session_staff_user on session (staff_user_id);
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop index session_staff_user;
    alter table staff_user drop column password_changed_at;
    alter table staff_user drop column last_login_at;
    drop table staff_device, idempotency_key, audit_log;
  `,
  );
}
