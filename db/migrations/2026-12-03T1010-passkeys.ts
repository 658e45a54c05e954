import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Passkeys (WebAuthn credentials) of staff and members in one table: each row belongs to exactly
// one person of one kind. Only public keys are stored; a passkey's private key never leaves its
// authenticator. Challenges are single use: the row is deleted when a response is checked against
// it, and only the challenge's SHA-256 is kept, so a read of this table cannot answer one.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table passkey (
      id integer generated always as identity primary key,
      staff_user_id integer references staff_user(id) on delete cascade,
      member_user_id integer references member_user(id) on delete cascade,
      credential_id text not null unique check (credential_id ~ '^[A-Za-z0-9_-]+$' and length(credential_id) <= 1400),
      public_key text not null,
      counter bigint not null default 0 check (counter >= 0),
      transports jsonb not null default '[]',
      device_type text not null check (device_type in ('singleDevice', 'multiDevice')),
      backed_up boolean not null,
      aaguid text,
      name text not null check (length(name) between 1 and 100),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      check (num_nonnulls(staff_user_id, member_user_id) = 1)
    );
    create index passkey_staff on passkey (staff_user_id) where staff_user_id is not null;
    create index passkey_member on passkey (member_user_id) where member_user_id is not null;

    create table webauthn_challenge (
      challenge_hash text primary key,
      purpose text not null check (purpose ~ '^[a-z]+\.[a-z_]+$'),
      subject text not null check (length(subject) between 1 and 200),
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index webauthn_challenge_subject on webauthn_challenge (subject, purpose, created_at);
    create index webauthn_challenge_expiry on webauthn_challenge (expires_at);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop table webauthn_challenge;
    drop table passkey;`,
  );
}
