// The hash tiles of C2SP tlog-tiles as data: which tile holds a subtree's hash, the tiles a tree
// of a given size has, and the right edge that grows as entries are appended. Pure functions.
import { completeRoot, HASH_BYTES, TILE_HEIGHT, TILE_WIDTH, type SubtreeHash } from './merkle.ts';

/** A stored hash tile: `hashes` is 1–256 hashes of level `level`, tile `index`. */
export interface HashTile {
  readonly level: number;
  readonly index: number;
  readonly hashes: Uint8Array;
}

export const tileKey = (level: number, index: number) => `${level}/${index}`;

/** How many hashes a tree of `size` leaves has at tile level `level`: floor(size / 256^level). */
export function hashesAtLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The width of tile `index` at `level` in a tree of `size`, 0 when the tile does not exist yet. */
export function tileWidth(size: number, level: number, index: number): number {
  const count = hashesAtLevel(size, level);
  return Math.max(0, Math.min(TILE_WIDTH, count - index * TILE_WIDTH));
}

/** The highest tile level that has any hash for a tree of `size` (0 for trees under 256). */
export function topLevel(size: number): number {
  let level = 0;
  while (hashesAtLevel(size, level + 1) > 0) level++;
  return level;
}

/** The tile and the positions inside it whose hashes make up complete subtree (height, index). */
export function locateSubtree(
  height: number,
  index: number,
): { level: number; tile: number; from: number; count: number } {
  const level = Math.floor(height / TILE_HEIGHT);
  const count = 2 ** (height - level * TILE_HEIGHT);
  const first = index * count;
  return { level, tile: Math.floor(first / TILE_WIDTH), from: first % TILE_WIDTH, count };
}

/** The tiles (level, index) that complete subtrees are read from. */
export function tilesFor(subtrees: Iterable<readonly [number, number]>): Array<[number, number]> {
  const seen = new Map<string, [number, number]>();
  for (const [height, index] of subtrees) {
    const { level, tile } = locateSubtree(height, index);
    seen.set(tileKey(level, tile), [level, tile]);
  }
  return [...seen.values()];
}

/** Hash `i` of a tile's concatenated hashes. */
export function hashOf(hashes: Uint8Array, i: number): Uint8Array {
  return hashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
}

/** A subtree hash reader over tiles in memory; throws when a needed tile or hash is missing. */
export function subtreeReader(tiles: ReadonlyMap<string, Uint8Array>): SubtreeHash {
  return (height, index) => {
    const { level, tile, from, count } = locateSubtree(height, index);
    const hashes = tiles.get(tileKey(level, tile));
    if (!hashes || hashes.length < (from + count) * HASH_BYTES)
      throw new Error(`tile ${level}/${tile} lacks the hashes of subtree ${height}/${index}`);
    if (count === 1) return hashOf(hashes, from);
    const parts: Uint8Array[] = [];
    for (let i = from; i < from + count; i++) parts.push(hashOf(hashes, i));
    return completeRoot(parts);
  };
}

/**
 * The right edge of the tiled tree: per level, the hashes of the rightmost incomplete tile. This is
 * all that appending needs (a full tile never changes again), and all that the root needs.
 */
export class TileEdge {
  size: number;
  readonly #edge: Uint8Array[][];
  // Partial tiles are only marked here (copying a growing tile on every append would cost 8 kB an entry).
  readonly #changed = new Map<string, HashTile | { level: number; index: number; hashes: null }>();
  readonly #onFullTile: ((tile: HashTile) => void) | undefined;

  /** `edgeTiles` are the stored rightmost partial tiles of a tree of `size` (any order). */
  constructor(size: number, edgeTiles: Iterable<HashTile>, onFullTile?: (tile: HashTile) => void) {
    this.size = size;
    this.#onFullTile = onFullTile;
    this.#edge = [];
    for (const tile of edgeTiles) {
      const hashes: Uint8Array[] = [];
      for (let i = 0; i < tile.hashes.length / HASH_BYTES; i++) hashes.push(hashOf(tile.hashes, i).slice());
      this.#edge[tile.level] = hashes;
    }
    for (let level = 0; level <= topLevel(size); level++) {
      const expected = hashesAtLevel(size, level) % TILE_WIDTH;
      if ((this.#edge[level]?.length ?? 0) !== expected)
        throw new Error(
          `edge tile at level ${level} has ${this.#edge[level]?.length ?? 0} hashes, expected ${expected}`,
        );
    }
  }

  /** The edge tiles a tree of `size` has: (level, index) of each partial rightmost tile. */
  static coordinates(size: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let level = 0; level <= topLevel(size); level++) {
      const count = hashesAtLevel(size, level);
      if (count % TILE_WIDTH !== 0) out.push([level, Math.floor(count / TILE_WIDTH)]);
    }
    return out;
  }

  /** Appends one leaf hash, completing tiles (and their parents) as it fills them. */
  append(leaf: Uint8Array): void {
    let hash = leaf;
    let level = 0;
    this.size++;
    for (;;) {
      const row = (this.#edge[level] ??= []);
      row.push(hash);
      const index = Math.floor((hashesAtLevel(this.size, level) - 1) / TILE_WIDTH);
      if (row.length < TILE_WIDTH) {
        this.#changed.set(tileKey(level, index), { level, index, hashes: null });
        return;
      }
      const full = { level, index, hashes: concat(row) };
      this.#changed.set(tileKey(level, index), full);
      this.#onFullTile?.(full);
      hash = completeRoot(row);
      this.#edge[level] = [];
      level++;
    }
  }

  /** The tiles written since the last call (full ones and the new partial ones), then forgets them. */
  takeChanged(): HashTile[] {
    const out = [...this.#changed.values()].map((t) =>
      t.hashes ? t : { level: t.level, index: t.index, hashes: concat(this.#edge[t.level]!) },
    );
    this.#changed.clear();
    return out;
  }

  /** The edge tiles as they stand, keyed for `subtreeReader`. */
  edgeTiles(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const [level, index] of TileEdge.coordinates(this.size))
      out.set(tileKey(level, index), concat(this.#edge[level]!));
    return out;
  }
}

export function concat(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_BYTES);
  hashes.forEach((h, i) => out.set(h, i * HASH_BYTES));
  return out;
}
