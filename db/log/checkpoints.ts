// Signed checkpoints: made by the sequencing process under the log lock, one per tree size.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LogCheckpoint } from '../schema/log-checkpoint.table.ts';
import type { LogSigner } from './log-key.ts';
import { currentRoot, tryLockLog } from './sequencer.ts';
import { latestCheckpointSize, storeCheckpoint } from './store-checkpoint.ts';
import { sequencedSize } from './tile-store.ts';

export { currentRoot } from './sequencer.ts';

/** The newest checkpoint, or undefined before the first. */
export function latestCheckpoint(db: Kysely<Database>): Promise<LogCheckpoint | undefined> {
  return db.selectFrom('log_checkpoint').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

/** The checkpoint of one tree size, if one was made. */
export function checkpointOfSize(db: Kysely<Database>, size: number): Promise<LogCheckpoint | undefined> {
  return db.selectFrom('log_checkpoint').selectAll().where('tree_size', '=', size).executeTakeFirst();
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
    const latest = await latestCheckpointSize(trx);
    if (latest !== null && latest >= size) return { made: false, size, reason: 'up-to-date' } as const;
    await storeCheckpoint(trx, signer, size, await currentRoot(trx, size));
    return { made: true, size } as const;
  });
}
