// Building proofs from the stored tiles: inclusion (RFC 9162 §2.1.3.1) as c2sp.org/tlog-proof@v1
// text against the latest checkpoint, and consistency (§2.1.4.1) between two sizes. Each proof
// reads the few tiles its hashes live in, in one query. Checking is in proof-verify.ts and tlog-proof.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError } from '../errors.ts';
import { consistencyRanges, inclusionRanges, rangeHash, subtreesOf, type LeafRange } from './merkle.ts';
import { readTiles } from './tile-store.ts';
import { subtreeReader, tilesFor } from './tiles.ts';
import { checkpointOfSize, latestCheckpoint } from './checkpoints.ts';
import { formatTlogProof } from './tlog-proof.ts';

/** The MTHs of `ranges`, from the tiles they need. */
export async function rangeHashes(db: Kysely<Database>, ranges: readonly LeafRange[]): Promise<Uint8Array[]> {
  const subtrees = ranges.flatMap(([start, end]) => subtreesOf(start, end));
  const reader = subtreeReader(await readTiles(db, tilesFor(subtrees)));
  return ranges.map((range) => rangeHash(range, reader));
}

/** The RFC 6962 inclusion proof of entry `index` in the tree of `size` (both within the stored tree). */
export function inclusionProof(db: Kysely<Database>, index: number, size: number): Promise<Uint8Array[]> {
  return rangeHashes(db, inclusionRanges(index, size));
}

/** The RFC 9162 consistency proof from tree size `from` to `to` (both within the stored tree). */
export function consistencyProof(db: Kysely<Database>, from: number, to: number): Promise<Uint8Array[]> {
  return rangeHashes(db, consistencyRanges(from, to));
}

/** The root of the stored tree at any size it has reached. */
export async function rootAt(db: Kysely<Database>, size: number): Promise<Uint8Array> {
  const [root] = await rangeHashes(db, [[0, size]]);
  return root!;
}

export interface EntryProof {
  readonly index: number;
  readonly size: number;
  readonly hashes: Uint8Array[];
  /** The signed checkpoint note the proof leads to. */
  readonly checkpoint: string;
  /** The whole c2sp.org/tlog-proof@v1 text. */
  readonly text: string;
}

/** The proof that entry `index` is in the latest checkpoint; 404 while no checkpoint covers it. */
export async function proveEntry(db: Kysely<Database>, index: number): Promise<EntryProof> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint) throw new KeurmerkError('log_not_ready');
  if (index >= checkpoint.tree_size)
    throw new KeurmerkError(
      'log_entry_not_found',
      `Entry ${index} is not in the latest checkpoint (size ${checkpoint.tree_size}).`,
      { index },
    );
  const hashes = await inclusionProof(db, index, checkpoint.tree_size);
  return {
    index,
    size: checkpoint.tree_size,
    hashes,
    checkpoint: checkpoint.note,
    text: formatTlogProof({ index, hashes, checkpoint: checkpoint.note }),
  };
}

export interface ConsistencyAnswer {
  readonly from: number;
  readonly to: number;
  readonly proof: Uint8Array[];
  /** The signed checkpoint of size `to`, when one was made at that size. */
  readonly checkpoint: string | null;
}

/** A consistency proof between two sizes up to the latest checkpoint; `to` defaults to it. */
export async function proveConsistency(
  db: Kysely<Database>,
  from: number,
  to: number | null,
): Promise<ConsistencyAnswer> {
  const latest = await latestCheckpoint(db);
  if (!latest) throw new KeurmerkError('log_not_ready');
  const end = to ?? latest.tree_size;
  if (end > latest.tree_size)
    throw new KeurmerkError('log_tree_not_found', `The latest checkpoint has size ${latest.tree_size}.`, {
      size: end,
    });
  if (from > end) throw new KeurmerkError('invalid_log_parameter', '"from" may not exceed "to".');
  const proof = await consistencyProof(db, from, end);
  const checkpoint = end === latest.tree_size ? latest : await checkpointOfSize(db, end);
  return { from, to: end, proof, checkpoint: checkpoint?.note ?? null };
}
