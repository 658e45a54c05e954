import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// People of member organisations. A person may belong to several organisations, each with a
// role: owner (everything, including colleagues) or editor. The rule "an organisation with
// members always has an owner" is kept by the code that changes memberships, in one transaction.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table member_user (
      id integer generated always as identity primary key,
      email text not null unique check (email = lower(email) and length(email) between 3 and 254),
      name text not null check (length(name) between 1 and 200),
      language text not null default 'nl' check (language in ('nl', 'en', 'fr')),
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz
    );

    create table organisation_member (
      organisation_id integer not null references organisation(id) on delete cascade,
      member_user_id integer not null references member_user(id) on delete cascade,
      role text not null check (role in ('owner', 'editor')),
      created_at timestamptz not null default now(),
      primary key (organisation_id, member_user_id)
    );
    create index organisation_member_user on organisation_member (member_user_id);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop table organisation_member;
    drop table member_user;`,
  );
}
