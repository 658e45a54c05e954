import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The transactional outbox: a message row is written in the same transaction as the change that
// causes it, and a sender loop delivers it later (at least once, with a stable Message-ID).
// params are shown to admins; secret_params (sign-in and invitation links) are never shown and
// are cleared once the message has left, so a secret lives in the database only until it is sent.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table mail_message (
      id bigint generated always as identity primary key,
      message_id text not null unique check (length(message_id) between 3 and 200),
      to_address text not null check (length(to_address) between 3 and 254),
      language text not null check (language in ('nl', 'en', 'fr')),
      template text not null check (template ~ '^[a-z][a-z0-9_]{0,63}$'),
      params jsonb not null default '{}'::jsonb,
      secret_params jsonb,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index mail_message_due on mail_message (next_attempt_at) where status = 'pending';
    create index mail_message_created on mail_message (created_at desc, id desc);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, `drop table mail_message;`);
}
