import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// The transparency log's tree (C2SP tlog-tiles over RFC 6962 hashing). The sequencer moves
// log_pending rows into log_entry with contiguous indexes and keeps the hash tiles in log_tile
// (one row per tile, rewritten while the tile is partial, final once it is 256 hashes wide), so
// no root or proof is ever recomputed from the first entry. log_checkpoint keeps every signed
// checkpoint; its primary key on tree_size means one size never gets two roots. log_key holds
// the public halves of the Ed25519 checkpoint keys (current and retired) and where the private
// key lives, never the key itself.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create table log_entry (
      index bigint primary key check (index >= 0),
      entry bytea not null check (octet_length(entry) between 1 and 65535),
      leaf_hash bytea not null check (octet_length(leaf_hash) = 32),
      subject text check (length(subject) between 1 and 100),
      sequenced_at timestamptz not null default now()
    );
    create index log_entry_subject on log_entry (subject, index) where subject is not null;
    create table log_tile (
      level smallint not null check (level between 0 and 63),
      tile_index bigint not null check (tile_index >= 0),
      hashes bytea not null check (octet_length(hashes) between 32 and 8192 and octet_length(hashes) % 32 = 0),
      primary key (level, tile_index)
    );
    create table log_key (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 200),
      key_hash text not null check (key_hash ~ '^[0-9a-f]{8}$'),
      public_key bytea not null check (octet_length(public_key) = 32),
      vkey text not null unique,
      private_key_ref text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );
    create table log_checkpoint (
      tree_size bigint primary key check (tree_size >= 0),
      root_hash bytea not null check (octet_length(root_hash) = 32),
      note text not null,
      key_id integer not null references log_key (id),
      created_at timestamptz not null default now()
    );
    `,
  );
  // Wakes the sequencer when entries commit: NOTIFY is delivered at commit, once per transaction.
  await sql
    .raw(
      `create function log_pending_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('log_pending', '');
        return null;
      end
      $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger log_pending_notify after insert on log_pending
      for each statement execute function log_pending_notify()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `drop trigger log_pending_notify on log_pending;
    drop function log_pending_notify();
    drop table log_checkpoint;
    drop table log_key;
    drop table log_tile;
    drop table log_entry;`,
  );
}
