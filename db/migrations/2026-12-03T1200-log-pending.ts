import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Entries of the public transparency log wait here until the one sequencer gives them their
// index. A change writes its entry in its own transaction (so the entry exists exactly when the
// change does); the sequencer, under an advisory lock, numbers committed rows in the order it
// sees them, so indexes have no gaps or duplicates however many instances write.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table log_pending (
      id bigint generated always as identity primary key,
      entry bytea not null check (octet_length(entry) between 1 and 65535),
      subject text check (length(subject) between 1 and 100),
      created_at timestamptz not null default now()
    );
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, `drop table log_pending;`);
}
