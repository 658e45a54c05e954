// Every complete subtree hash inside one hash tile, computed once when the tile is loaded. A proof
// over a tiled tree needs subtrees of 2, 4, … 128 hashes inside a tile; hashing them again on every
// proof costs up to 255 SHA-256 calls a tile, while a lookup costs nothing. Pure functions.
import { HASH_BYTES, TILE_HEIGHT, TILE_WIDTH, nodeHash, type SubtreeHash } from './merkle.ts';
import { hashOf, locateSubtree, tileKey } from './tiles.ts';

/** Row h holds the roots of the aligned groups of 2^h hashes of a tile (row 0: the tile itself). */
export interface TileNodes {
  /** How many hashes the tile has (256 when full). */
  readonly width: number;
  readonly rows: readonly Uint8Array[];
}

/** Hashes a full tile's rows take together: 256 + 128 + … + 2 (its own root is in the tile above). */
export const FULL_TILE_NODE_HASHES = 2 * TILE_WIDTH - 2;

/** Fills rows 1, 2, … from row 0, each as long as its array: node i of a row hashes 2i and 2i+1 below. */
function hashRows(rows: readonly Uint8Array[]): void {
  for (let h = 1; h < rows.length; h++) {
    const below = rows[h - 1]!;
    const row = rows[h]!;
    for (let i = 0; i < row.length / HASH_BYTES; i++)
      row.set(nodeHash(hashOf(below, 2 * i), hashOf(below, 2 * i + 1)), i * HASH_BYTES);
  }
}

/** The complete subtree hashes of a tile of 1–256 hashes (a partial tile has fewer rows filled). */
export function tileNodes(hashes: Uint8Array): TileNodes {
  const width = hashes.length / HASH_BYTES;
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH)
    throw new RangeError(`a tile of ${hashes.length} bytes is not 1–256 hashes`);
  const rows: Uint8Array[] = [hashes];
  // A tile's own root (height 8) is a hash of the tile above, so rows stop below it.
  for (let h = 1; h < TILE_HEIGHT; h++) {
    const count = Math.floor(width / 2 ** h);
    if (count === 0) break;
    rows.push(new Uint8Array(count * HASH_BYTES));
  }
  hashRows(rows);
  return { width, rows };
}

/**
 * Nodes of a full tile laid out in `slot` (FULL_TILE_NODE_HASHES hashes, e.g. a slice of a larger
 * slab), rows one after another; fill them with fillFullTileNodes.
 */
export function fullTileNodesIn(slot: Uint8Array): TileNodes {
  if (slot.length !== FULL_TILE_NODE_HASHES * HASH_BYTES)
    throw new RangeError(`a full tile's nodes take ${FULL_TILE_NODE_HASHES * HASH_BYTES} bytes`);
  const rows: Uint8Array[] = [];
  let at = 0;
  for (let count = TILE_WIDTH; count >= 2; count /= 2) {
    rows.push(slot.subarray(at * HASH_BYTES, (at + count) * HASH_BYTES));
    at += count;
  }
  return { width: TILE_WIDTH, rows };
}

/** Writes the nodes of the full tile `hashes` (256 hashes) into `nodes` (from fullTileNodesIn). */
export function fillFullTileNodes(hashes: Uint8Array, nodes: TileNodes): void {
  if (hashes.length !== TILE_WIDTH * HASH_BYTES || nodes.width !== TILE_WIDTH)
    throw new RangeError('fillFullTileNodes takes a full tile and full-tile nodes');
  nodes.rows[0]!.set(hashes);
  hashRows(nodes.rows);
}

/** Bytes a tile's nodes take in memory, for cache budgets. */
export function nodesBytes(nodes: TileNodes): number {
  return nodes.rows.reduce((sum, row) => sum + row.length, 0);
}

/** A subtree hash reader over tiles' nodes; throws when a needed tile or hash is missing. */
export function nodesReader(tiles: ReadonlyMap<string, TileNodes>): SubtreeHash {
  return (height, index) => {
    const { level, tile, from, count } = locateSubtree(height, index);
    const nodes = tiles.get(tileKey(level, tile));
    const inner = height - level * TILE_HEIGHT;
    const row = nodes?.rows[inner];
    const at = from / count;
    if (!row || row.length < (at + 1) * HASH_BYTES)
      throw new Error(`tile ${level}/${tile} lacks the hashes of subtree ${height}/${index}`);
    return hashOf(row, at);
  };
}
