// Inclusion proofs against the latest checkpoint, from memory: the checkpoint and its edge tiles
// (checkpoint-cache.ts) and the full tiles already read (full-tile-cache.ts), each tile with its
// inner nodes, so a proof is lookups and a few hashes. A miss reads the missing full tiles in one
// query. The answers are those of proveEntry in proofs.ts, which reads everything each time.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError } from '../errors.ts';
import { TILE_WIDTH, inclusionRanges, rangeHash, subtreesOf } from './merkle.ts';
import { readTiles } from './tile-store.ts';
import { tileKey, tileWidth, tilesFor } from './tiles.ts';
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
  const hashes = inclusionRanges(index, view.size).map((range) => rangeHash(range, reader));
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
  function fromMemory(view: CheckpointView, index: number): EntryProof | null {
    const { full, edge } = neededTiles(view, index);
    const tiles = new Map<string, TileNodes>();
    for (const [key, nodes] of edge) {
      if (!nodes) return null;
      tiles.set(key, nodes);
    }
    for (const [level, tile] of full) {
      const nodes = fullTiles.get(level, tile);
      if (!nodes) return null;
      tiles.set(tileKey(level, tile), nodes);
    }
    return proofOf(view, index, tiles);
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
      const missing = full.filter(([level, tile]) => !fullTiles.get(level, tile));
      const stored = await readTiles(db, missing);
      for (const [level, tile] of full) {
        const key = tileKey(level, tile);
        const read = stored.get(key);
        // set() refuses a stored tile shorter than full: the tree would be broken, not the proof.
        const nodes = fullTiles.get(level, tile) ?? (read ? fullTiles.set(level, tile, read) : undefined);
        if (!nodes) throw new Error(`log tile ${key} is missing`);
        tiles.set(key, nodes);
      }
      return proofOf(view, index, tiles);
    },
  };
}
