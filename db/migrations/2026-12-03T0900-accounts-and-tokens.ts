import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Hardening of staff accounts and tokens:
// - api_token.owner_id: a token belongs to a staff member; disabling them revokes it and their
//   role caps its role. Existing tokens get their creator (staff by e-mail, or the owner of the
//   token that made them); tokens made on the command line before owners existed keep none.
// - login_lock: the same lock as staff_user's, for addresses that name no account, so a probe
//   cannot tell an existing address from an unknown one by when it gets locked.
// - sign_in_attempt: per-client sign-in attempts, reserved before the password is checked, so
//   parallel attempts cannot all pass the limit before any failure is written.
// - registry_secret: secrets every instance shares (the report network key), made once.
//   misuse_report.client_key values made the old way (keyed with the public URL, reversible) are
//   cleared: they only served a one-hour rate limit.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    alter table api_token add column owner_id integer references staff_user(id);
    create index api_token_owner on api_token (owner_id);
    update api_token t set owner_id = s.id from staff_user s where s.email = t.created_by;

    create table login_lock (
      email_hash text primary key check (email_hash ~ '^[0-9a-f]{64}$'),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      updated_at timestamptz not null
    );
    create index login_lock_updated on login_lock (updated_at);

    create table sign_in_attempt (
      id bigint generated always as identity primary key,
      client_key text not null check (length(client_key) between 1 and 100),
      attempted_at timestamptz not null
    );
    create index sign_in_attempt_client on sign_in_attempt (client_key, attempted_at);

    create table registry_secret (
      name text primary key check (name ~ '^[a-z][a-z_]*$'),
      value text not null check (length(value) >= 32),
      created_at timestamptz not null default now()
    );

    update misuse_report set client_key = null where client_key is not null;
  `,
  );
  // A token made by a token ("token:NAME") belongs to the owner of the latest token of that name
  // made before it; repeated so chains of tokens resolve.
  for (let round = 0; round < 20; round++) {
    const result = await sql`
      update api_token t set owner_id = (
        select c.owner_id from api_token c
        where 'token:' || c.name = t.created_by and c.created_at <= t.created_at and c.owner_id is not null
        order by c.created_at desc, c.id desc limit 1)
      where t.owner_id is null and t.created_by like 'token:%'
        and exists (select 1 from api_token c
                    where 'token:' || c.name = t.created_by and c.created_at <= t.created_at and c.owner_id is not null)`.execute(
      db,
    );
    if (Number(result.numAffectedRows ?? 0) === 0) break;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop table registry_secret, sign_in_attempt, login_lock;
    drop index api_token_owner;
    alter table api_token drop column owner_id;
  `,
  );
}
