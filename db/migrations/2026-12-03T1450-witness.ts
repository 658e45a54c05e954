import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Witnessing (C2SP tlog-witness), both sides. witness_state is this instance as a witness: per
// log origin it cosigned, the size and root of the latest checkpoint it cosigned; requests update
// it under a row lock, so two cannot both advance from one old size. log_cosignature is this
// registry's own log as witnessed: the cosignature lines its witnesses returned, per witness key
// and checkpoint size, appended to /log/checkpoint and remembered as each witness's size.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table witness_state (
      origin text primary key check (length(origin) between 1 and 500),
      tree_size bigint not null check (tree_size >= 0),
      root_hash bytea not null check (octet_length(root_hash) = 32),
      note text not null,
      updated_at timestamptz not null default now()
    );
    create table log_cosignature (
      witness_vkey text not null check (length(witness_vkey) between 1 and 1000),
      tree_size bigint not null check (tree_size >= 0),
      root_hash bytea not null check (octet_length(root_hash) = 32),
      line text not null check (length(line) between 1 and 2000),
      cosigned_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (witness_vkey, tree_size)
    );
    create index log_cosignature_size on log_cosignature (tree_size);
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, 'drop table log_cosignature; drop table witness_state;');
}
