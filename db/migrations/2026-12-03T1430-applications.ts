import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The public application form (issue 18, item 1). An application is kept here from the form
// until its contact person confirms their address by the one-time link (only the SHA-256 of the
// link's token is stored); the rows also count applications per client network, national id and
// address for the rate limits, as member_token does for sign-in links.
//
// An applicant naming an organisation already in the registry gets no access until an owner or
// staff decide: `access` is then `pending`, and `granted` or `declined` once decided.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table application_request (
      id integer generated always as identity primary key,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      scheme_id integer not null references scheme(id) on delete cascade,
      country text not null check (country in ('NL', 'BE')),
      registry_id text not null,
      legal_name text not null check (length(legal_name) between 1 and 300),
      city text not null check (length(city) between 1 and 100),
      website text,
      contact_name text not null check (length(contact_name) between 1 and 200),
      email text not null check (length(email) between 3 and 254),
      language text not null check (language in ('nl', 'en', 'fr')),
      client_network text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      confirmed_at timestamptz,
      member_user_id integer references member_user(id) on delete set null,
      organisation_id integer references organisation(id) on delete cascade,
      access text check (access in ('pending', 'granted', 'declined')),
      decided_by text,
      decided_at timestamptz,
      check ((access is null) or (organisation_id is not null and confirmed_at is not null))
    );
    create index application_request_email on application_request (email, created_at);
    create index application_request_network on application_request (client_network, created_at);
    create index application_request_national_id on application_request (country, registry_id, created_at);
    create index application_request_pending on application_request (organisation_id) where access = 'pending';
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, `drop table application_request;`);
}
