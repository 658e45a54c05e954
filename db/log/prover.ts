// Inclusion proofs against the latest checkpoint, from memory: the checkpoint and its edge tiles
// (checkpoint-cache.ts) and the full tiles already read (full-tile-cache.ts), each tile with its
// inner nodes, so a proof is lookups and a few hashes. A miss reads the missing full tiles in one
// query. The answers are those of proveEntry in proofs.ts, which reads everything each time.
//
// The memory-only path (proveCached) is the one a loaded server runs thousands of times a second,
// so it takes each proof hash straight from a tile's row, and hashes nothing but the ranges that
// end at the checkpoint's right edge — the same few for every index, so each is folded once per
// checkpoint and remembered with it.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError } from '../errors.ts';
import {
  HASH_BYTES,
  TILE_HEIGHT,
  TILE_WIDTH,
  inclusionRanges,
  nodeHash,
  rangeHash,
  subtreesOf,
} from './merkle.ts';
import { readTiles } from './tile-store.ts';
import { hashOf, locateSubtree, tileKey, tileWidth, tilesFor } from './tiles.ts';
import { nodesReader, type TileNodes } from './tile-nodes.ts';
import { formatTlogProof } from './tlog-proof.ts';
import type { EntryProof } from './proofs.ts';
import type { CheckpointCache, CheckpointView } from './checkpoint-cache.ts';
import type { FullTileCache } from './full-tile-cache.ts';

export interface LogProver {
  /** The proof from memory alone, or null when a checkpoint or tile must be read first. */
  proveCached(index: number): EntryProof | null;
  /** The proof that entry `index` is in the latest checkpoint; 404 while no checkpoint covers it. */
  prove(index: number): Promise<EntryProof>;
}

/** The tiles an inclusion proof of `index` needs at the view's size, split by where they come from. */
function neededTiles(view: CheckpointView, index: number) {
  const ranges = inclusionRanges(index, view.size);
  const full: Array<[number, number]> = [];
  const edge: Array<[string, TileNodes | undefined]> = [];
  for (const [level, tile] of tilesFor(ranges.flatMap(([start, end]) => subtreesOf(start, end)))) {
    // Only a tile that is full at this size may come from the full-tile cache.
    if (tileWidth(view.size, level, tile) === TILE_WIDTH) full.push([level, tile]);
    else edge.push([tileKey(level, tile), view.edge.get(tileKey(level, tile))]);
  }
  return { ranges, full, edge };
}

function proofOf(view: CheckpointView, index: number, tiles: Map<string, TileNodes>): EntryProof {
  const reader = nodesReader(tiles);
  // Copies: a hash may be a view into a full-tile cache slot that a later tile reuses.
  const hashes = inclusionRanges(index, view.size).map((range) => rangeHash(range, reader).slice());
  return {
    index,
    size: view.size,
    hashes,
    checkpoint: view.note,
    text: formatTlogProof({ index, hashes, checkpoint: view.note }),
  };
}

/** A prover over `db` with the given caches (one of each per process). */
export function createLogProver(
  db: Kysely<Database>,
  checkpoints: CheckpointCache,
  fullTiles: FullTileCache,
): LogProver {
  // Per checkpoint view: the hash of each range [start, size) that does not end on a power of two.
  const edgeRanges = new WeakMap<CheckpointView, Map<number, Uint8Array>>();

  /** Complete subtree (height, index) from the edge or the full-tile cache, or null when not in memory. */
  function subtree(view: CheckpointView, height: number, index: number): Uint8Array | null {
    const { level, tile, from, count } = locateSubtree(height, index);
    // Only a tile that is full at this size may come from the full-tile cache.
    const nodes =
      tileWidth(view.size, level, tile) === TILE_WIDTH
        ? fullTiles.get(level, tile)
        : view.edge.get(tileKey(level, tile));
    const row = nodes?.rows[height - level * TILE_HEIGHT];
    const at = from / count;
    if (!row || row.length < (at + 1) * HASH_BYTES) return null;
    return hashOf(row, at);
  }

  /** rangeHash of [start, end) from memory (the parts folded from the right), or null. */
  function rangeFromMemory(view: CheckpointView, start: number, end: number): Uint8Array | null {
    const size = end - start;
    // A complete subtree: inclusion proofs are mostly these, one lookup each.
    if ((size & (size - 1)) === 0 && size <= 2 ** 30 && start % size === 0)
      return subtree(view, Math.log2(size), start / size);
    let memo = end === view.size ? edgeRanges.get(view) : undefined;
    const known = memo?.get(start);
    if (known) return known;
    const parts = subtreesOf(start, end);
    let hash: Uint8Array | null = null;
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = subtree(view, parts[i]![0], parts[i]![1]);
      if (!part) return null;
      hash = hash ? nodeHash(part, hash) : part;
    }
    if (end === view.size) {
      if (!memo) edgeRanges.set(view, (memo = new Map()));
      // A copy: a part may be a view into a cache slot that a later tile reuses.
      memo.set(start, hash!.slice());
    }
    return hash;
  }

  function fromMemory(view: CheckpointView, index: number): EntryProof | null {
    const ranges = inclusionRanges(index, view.size);
    // Copies in one buffer, for the same reason: the proof outlives this call.
    const all = Buffer.allocUnsafe(ranges.length * HASH_BYTES);
    const hashes: Uint8Array[] = [];
    for (let r = 0; r < ranges.length; r++) {
      const hash = rangeFromMemory(view, ranges[r]![0], ranges[r]![1]);
      if (!hash) return null;
      all.set(hash, r * HASH_BYTES);
      hashes.push(all.subarray(r * HASH_BYTES, (r + 1) * HASH_BYTES));
    }
    return {
      index,
      size: view.size,
      hashes,
      checkpoint: view.note,
      text: formatTlogProof({ index, hashes, checkpoint: view.note }),
    };
  }

  return {
    proveCached(index) {
      const view = checkpoints.fresh();
      if (!view || index >= view.size) return null;
      return fromMemory(view, index);
    },
    async prove(index) {
      let view = await checkpoints.latest();
      // Asked beyond what this process has seen: a newer checkpoint may exist.
      if (view && index >= view.size) view = await checkpoints.reload();
      if (!view) throw new KeurmerkError('log_not_ready');
      if (index >= view.size)
        throw new KeurmerkError(
          'log_entry_not_found',
          `Entry ${index} is not in the latest checkpoint (size ${view.size}).`,
          { index },
        );
      const { full, edge } = neededTiles(view, index);
      const tiles = new Map<string, TileNodes>();
      for (const [key, nodes] of edge) {
        if (!nodes) throw new Error(`log tile ${key} is not on the checkpoint's edge`);
        tiles.set(key, nodes);
      }
      // Stores first, then lookups: storing a tile may reuse the slot of one looked up before it. A
      // tile cached when this began may have left while its neighbours were read: read it again.
      for (let attempt = 1; ; attempt++) {
        const missing = full.filter(([level, tile]) => !fullTiles.get(level, tile));
        const stored = await readTiles(db, missing);
        const read = new Map<string, TileNodes>();
        for (const [level, tile] of missing) {
          const hashes = stored.get(tileKey(level, tile));
          // set() refuses a stored tile shorter than full: the tree would be broken, not the proof.
          if (hashes) read.set(tileKey(level, tile), fullTiles.set(level, tile, hashes));
        }
        let complete = true;
        for (const [level, tile] of full) {
          const key = tileKey(level, tile);
          const nodes = fullTiles.get(level, tile) ?? read.get(key);
          if (nodes) tiles.set(key, nodes);
          else if (missing.some(([l, t]) => l === level && t === tile))
            throw new Error(`log tile ${key} is missing`);
          else complete = false;
        }
        if (complete) break;
        if (attempt === 3) throw new Error('log tiles kept leaving the proof cache while being read');
      }
      return proofOf(view, index, tiles);
    },
  };
}
