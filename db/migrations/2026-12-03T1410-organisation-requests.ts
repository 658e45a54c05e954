import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// organisation_request: what a member asks of the association that staff must approve first —
// a new contact channel, or a new legal name / national id. A channel waits here (its pending
// state) and reaches contact_channel only when approved, so every public read (organisation page
// function, channel lookup, search, open data) keeps reading contact_channel unchanged and every
// existing channel, already there, counts as approved. One pending request per channel value, so
// two organisations cannot both queue the same number.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table organisation_request (
      id integer generated always as identity primary key,
      organisation_id integer not null references organisation(id) on delete cascade,
      kind text not null check (kind in ('channel', 'identity')),
      payload jsonb not null,
      state text not null default 'pending' check (state in ('pending', 'approved', 'refused')),
      requested_by text not null,
      member_user_id integer references member_user(id) on delete set null,
      created_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by text,
      reason text,
      check ((state = 'pending') = (decided_at is null))
    );
    create index organisation_request_org on organisation_request (organisation_id, id desc);
    create index organisation_request_pending on organisation_request (id) where state = 'pending';
    create unique index organisation_request_pending_channel
      on organisation_request ((payload->>'kind'), (payload->>'value'))
      where kind = 'channel' and state = 'pending';
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, `drop table organisation_request;`);
}
