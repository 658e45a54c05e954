import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Domains a member asks for, before they count. organisation_domain keeps holding only the hosts
// that count for the badge's Referer check (every reader of it stays as it is), so the domains
// registered before this migration count as proven without a data change; a claim moves into
// organisation_domain when its proof succeeds or staff approve it, and is deleted then.
//
// last_attempt_at is the proof rate limit (one attempt per claim per minute), kept here rather
// than in memory so it holds across instances and restarts.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table domain_claim (
      id integer generated always as identity primary key,
      organisation_id integer not null references organisation(id) on delete cascade,
      hostname text not null check (hostname = lower(hostname) and length(hostname) between 1 and 253),
      requested_by integer references member_user(id) on delete set null,
      state text not null default 'pending' check (state in ('pending', 'refused')),
      review_requested_at timestamptz,
      last_attempt_at timestamptz,
      last_failure text check (length(last_failure) <= 200),
      decided_by text,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      unique (organisation_id, hostname)
    );
    create index domain_claim_review on domain_claim (review_requested_at) where state = 'pending' and review_requested_at is not null;

    create table notification_preference (
      organisation_id integer not null,
      member_user_id integer not null,
      status_changes boolean not null default false,
      digest boolean not null default false,
      digest_since timestamptz not null default now(),
      foreign key (organisation_id, member_user_id)
        references organisation_member (organisation_id, member_user_id) on delete cascade,
      primary key (organisation_id, member_user_id)
    );
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop table notification_preference;
    drop table domain_claim;`,
  );
}
