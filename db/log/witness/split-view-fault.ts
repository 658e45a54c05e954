// TEST ONLY: the split-view fault (LOG_TEST_FAULT=split-view, refused outside NODE_ENV=test).
// It makes this instance do what a dishonest log would: publish a second, different root for a
// size it already published. The storage is tampered with (one bit of the last leaf's stored hash
// in its level-0 tile), the checkpoint of that size is replaced by one signed over the new root,
// and everything sequenced afterwards grows the forked tree. Witnesses must refuse it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/database.ts';
import { formatCheckpoint } from '../checkpoint.ts';
import { currentRoot, latestCheckpoint } from '../checkpoints.ts';
import { HASH_BYTES, TILE_WIDTH } from '../merkle.ts';
import { signNote } from '../note.ts';
import type { LogSigner } from '../log-key.ts';
import { LOG_LOCK } from '../sequencer.ts';
import { readTile, writeTiles } from '../tile-store.ts';

export interface Fork {
  readonly size: number;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
}

/**
 * Forks the log at its latest checkpoint (see the file comment). Returns null when there is no
 * non-empty checkpoint to fork; throws when the tampered hash does not reach the root (a level-0
 * tile already summarised above: the fault is meant for the small logs of tests).
 */
export async function forkLatestCheckpoint(db: Kysely<Database>, signer: LogSigner): Promise<Fork | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOG_LOCK})`.execute(trx);
    const latest = await latestCheckpoint(trx);
    if (!latest || latest.tree_size === 0) return null;
    const size = latest.tree_size;
    const leaf = size - 1;
    const index = Math.floor(leaf / TILE_WIDTH);
    const tile = await readTile(trx, 0, index);
    if (!tile) throw new Error(`split-view fault: level-0 tile ${index} is not stored`);
    const hashes = new Uint8Array(tile);
    hashes[(leaf % TILE_WIDTH) * HASH_BYTES]! ^= 0x01;
    await writeTiles(trx, [{ level: 0, index, hashes }]);
    const after = await currentRoot(trx, size);
    if (Buffer.from(after).equals(latest.root_hash))
      throw new Error(`split-view fault: tampering leaf ${leaf} does not change the root of size ${size}`);
    await trx.deleteFrom('log_checkpoint').where('tree_size', '=', size).execute();
    const note = signNote(formatCheckpoint({ origin: signer.name, size, root: after }), [signer]);
    await trx
      .insertInto('log_checkpoint')
      .values({ tree_size: size, root_hash: after, note, key_id: signer.rowId })
      .execute();
    return { size, before: latest.root_hash, after };
  });
}
