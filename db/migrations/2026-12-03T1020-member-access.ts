import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// How members get in: one-time tokens (sign-in links, invitations, e-mail changes; only their
// SHA-256 is stored, each used once) and sessions (hashed, like staff sessions, in a table of
// their own so a member cookie can never be read as a staff session). The audit log learns the
// actor kind `member`, so member actions sit in the same hash chain as staff actions.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table member_token (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      purpose text not null check (purpose in ('sign_in', 'invitation', 'email_change')),
      email text not null check (email = lower(email) and length(email) between 3 and 254),
      member_user_id integer references member_user(id) on delete cascade,
      organisation_id integer references organisation(id) on delete cascade,
      role text check (role in ('owner', 'editor')),
      invited_by text,
      client_network text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      check (purpose <> 'invitation' or (organisation_id is not null and role is not null)),
      check (purpose <> 'email_change' or member_user_id is not null)
    );
    create index member_token_recent_email on member_token (purpose, email, created_at);
    create index member_token_recent_network on member_token (purpose, client_network, created_at);
    create index member_token_user on member_token (member_user_id);

    create table member_session (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      member_user_id integer not null references member_user(id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      method text not null check (method in ('email_link', 'invitation', 'passkey'))
    );
    create index member_session_user on member_session (member_user_id);

    alter table audit_log drop constraint audit_log_actor_kind_check;
    alter table audit_log add constraint audit_log_actor_kind_check
      check (actor_kind in ('staff', 'token', 'cli', 'system', 'anonymous', 'member'));
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    // Member rows stay in the audit log (deleting them would break its hash chain): the old
    // constraint comes back NOT VALID, so it holds for new rows without judging the kept ones.
    `alter table audit_log drop constraint audit_log_actor_kind_check;
    alter table audit_log add constraint audit_log_actor_kind_check
      check (actor_kind in ('staff', 'token', 'cli', 'system', 'anonymous')) not valid;
    drop table member_session;
    drop table member_token;`,
  );
}
