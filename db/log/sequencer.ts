// One batch of sequencing: committed log_pending rows get the next indexes in log_entry, the hash
// tiles grow with them, and (given a signer) the checkpoint of the new size is signed, all in one
// transaction. The advisory lock makes one sequencer at a time across instances; a batch that
// crashes leaves nothing behind (its transaction never commits). Writers never wait for it: it
// locks only the log_pending rows it reads, which are committed and no writer touches again.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { EMPTY_ROOT, leafHash, treeRoot } from './merkle.ts';
import { TileEdge, subtreeReader } from './tiles.ts';
import { readTiles, sequencedSize, writeTiles } from './tile-store.ts';
import type { LogSigner } from './log-key.ts';
import { latestCheckpointSize, storeCheckpoint } from './store-checkpoint.ts';

/** The advisory lock every writer of the tree (entries, tiles, checkpoints) holds. */
export const LOG_LOCK = 7_355_619;
export const DEFAULT_BATCH = 1024;

/** Takes the log's advisory lock for this transaction, or says that another process holds it. */
export async function tryLockLog(trx: Transaction<Database>): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${LOG_LOCK}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** The tree's right edge as stored: what appending and the root need. */
export async function loadEdge(db: Kysely<Database>, size: number): Promise<TileEdge> {
  const coordinates = TileEdge.coordinates(size);
  const tiles = await readTiles(db, coordinates);
  return new TileEdge(
    size,
    coordinates.map(([level, index]) => {
      const hashes = tiles.get(`${level}/${index}`);
      if (!hashes) throw new Error(`log tile ${level}/${index} is missing`);
      return { level, index, hashes };
    }),
  );
}

/** The root of the stored tree at its current size. */
export async function currentRoot(db: Kysely<Database>, size: number): Promise<Uint8Array> {
  if (size === 0) return EMPTY_ROOT;
  const edge = await loadEdge(db, size);
  return treeRoot(size, subtreeReader(edge.edgeTiles()));
}

export interface BatchResult {
  /** Entries sequenced by this batch. */
  readonly added: number;
  /** The tree size after it. */
  readonly size: number;
  /** True when the batch signed the checkpoint of that size. */
  readonly checkpointed: boolean;
}

/**
 * Sequences up to `limit` pending entries, oldest id first, in one transaction, and with a
 * `signer` signs the checkpoint of the new size in it too (or, with nothing pending, of the
 * current size when no checkpoint has it yet). Returns null when another process holds the lock
 * (it is sequencing). Rows of transactions not yet committed are invisible here and get their
 * index in a later batch: an index is given at commit, never reserved.
 */
export async function sequenceBatch(
  db: Kysely<Database>,
  limit = DEFAULT_BATCH,
  signer?: LogSigner,
): Promise<BatchResult | null> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryLockLog(trx))) return null;
    const size = await sequencedSize(trx);
    const pending = await trx
      .selectFrom('log_pending')
      .select(['id', 'entry', 'subject'])
      .orderBy('id')
      .limit(limit)
      .execute();
    if (pending.length === 0) {
      if (!signer) return { added: 0, size, checkpointed: false };
      const latest = await latestCheckpointSize(trx);
      if (latest !== null && latest >= size) return { added: 0, size, checkpointed: false };
      await storeCheckpoint(trx, signer, size, await currentRoot(trx, size));
      return { added: 0, size, checkpointed: true };
    }
    const edge = await loadEdge(trx, size);
    const rows = pending.map((p, i) => {
      const hash = leafHash(p.entry);
      edge.append(hash);
      return { index: size + i, entry: p.entry, leaf_hash: hash, subject: p.subject };
    });
    // 4 parameters a row: 500 rows stay far below the protocol's 65,535.
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('log_entry')
        .values(rows.slice(i, i + 500))
        .execute();
    await writeTiles(trx, edge.takeChanged());
    const ids = pending.map((p) => p.id);
    for (let i = 0; i < ids.length; i += 5000)
      await trx
        .deleteFrom('log_pending')
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    // The root from the edge in memory: the tiles just written, nothing read again.
    if (signer)
      await storeCheckpoint(trx, signer, edge.size, treeRoot(edge.size, subtreeReader(edge.edgeTiles())));
    return { added: pending.length, size: edge.size, checkpointed: signer !== undefined };
  });
}
