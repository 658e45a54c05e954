// Signed checkpoints: made by the sequencing process under the log lock, one per tree size.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LogCheckpoint } from '../schema/log-checkpoint.table.ts';
import { formatCheckpoint } from './checkpoint.ts';
import { EMPTY_ROOT, treeRoot } from './merkle.ts';
import { signNote } from './note.ts';
import type { LogSigner } from './log-key.ts';
import { loadEdge, tryLockLog } from './sequencer.ts';
import { sequencedSize } from './tile-store.ts';
import { subtreeReader } from './tiles.ts';

/** The newest checkpoint, or undefined before the first. */
export function latestCheckpoint(db: Kysely<Database>): Promise<LogCheckpoint | undefined> {
  return db.selectFrom('log_checkpoint').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

/** The checkpoint of one tree size, if one was made. */
export function checkpointOfSize(db: Kysely<Database>, size: number): Promise<LogCheckpoint | undefined> {
  return db.selectFrom('log_checkpoint').selectAll().where('tree_size', '=', size).executeTakeFirst();
}

/** The root of the stored tree at its current size. */
export async function currentRoot(db: Kysely<Database>, size: number): Promise<Uint8Array> {
  if (size === 0) return EMPTY_ROOT;
  const edge = await loadEdge(db, size);
  return treeRoot(size, subtreeReader(edge.edgeTiles()));
}

export type CheckpointResult =
  { made: true; size: number } | { made: false; size: number | null; reason: 'up-to-date' | 'locked' };

/**
 * Signs a checkpoint of the tree as sequenced, unless the latest checkpoint already has its size.
 * Runs under the log lock in one transaction with the size it reads, so the checkpoint covers
 * exactly the committed entries and tiles; the primary key on the size refuses a second root.
 */
export async function makeCheckpoint(db: Kysely<Database>, signer: LogSigner): Promise<CheckpointResult> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryLockLog(trx))) return { made: false, size: null, reason: 'locked' } as const;
    const size = await sequencedSize(trx);
    const latest = await latestCheckpoint(trx);
    if (latest && latest.tree_size >= size) return { made: false, size, reason: 'up-to-date' } as const;
    const root = await currentRoot(trx, size);
    const note = signNote(formatCheckpoint({ origin: signer.name, size, root }), [signer]);
    await trx
      .insertInto('log_checkpoint')
      .values({ tree_size: size, root_hash: root, note, key_id: signer.rowId })
      .execute();
    return { made: true, size } as const;
  });
}
