// Signing and storing one checkpoint inside the sequencing transaction that holds the log lock,
// and announcing it: NOTIFY is delivered at commit, so no instance hears of an uncommitted root.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { formatCheckpoint } from './checkpoint.ts';
import { signNote } from './note.ts';
import type { LogSigner } from './log-key.ts';

/** The channel a committed checkpoint is announced on (its payload: the tree size). */
export const CHECKPOINT_CHANNEL = 'log_checkpoint';

/** The size of the newest checkpoint, or null before the first. */
export async function latestCheckpointSize(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom('log_checkpoint')
    .select('tree_size')
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.tree_size) : null;
}

/**
 * Signs the checkpoint of the tree of `size` with `root` and stores it. Call it in the transaction
 * that holds the log lock and wrote the tiles of that size; the primary key refuses a second root.
 */
export async function storeCheckpoint(
  trx: Kysely<Database>,
  signer: LogSigner,
  size: number,
  root: Uint8Array,
): Promise<void> {
  const note = signNote(formatCheckpoint({ origin: signer.name, size, root }), [signer]);
  await trx
    .insertInto('log_checkpoint')
    .values({ tree_size: size, root_hash: root, note, key_id: signer.rowId })
    .execute();
  await sql`select pg_notify(${CHECKPOINT_CHANNEL}, ${String(size)})`.execute(trx);
}
