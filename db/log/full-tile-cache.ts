// Full hash tiles in memory, with their inner nodes (tile-nodes.ts), for proofs. A full tile never
// changes again, so an entry never needs invalidating; only a bound. A partial tile is refused:
// it grows with the tree, and serving one as full would prove against hashes that are not there.
import { HASH_BYTES, TILE_WIDTH } from './merkle.ts';
import { tileKey } from './tiles.ts';
import { nodesBytes, tileNodes, type TileNodes } from './tile-nodes.ts';

export const FULL_TILE_BYTES = TILE_WIDTH * HASH_BYTES;

export interface FullTileCache {
  /** The nodes of full tile (level, index), refreshing its place in the LRU order. */
  get(level: number, index: number): TileNodes | undefined;
  /** Stores a full tile (exactly 256 hashes; anything else is a RangeError) and returns its nodes. */
  set(level: number, index: number, hashes: Uint8Array): TileNodes;
  readonly stats: { readonly tiles: number; readonly bytes: number };
}

/** A bounded LRU of full tiles: the least recently used leave first once `maxBytes` is passed. */
export function createFullTileCache(maxBytes = 64 * 1024 * 1024): FullTileCache {
  const map = new Map<string, TileNodes>();
  let bytes = 0;
  return {
    get(level, index) {
      const key = tileKey(level, index);
      const nodes = map.get(key);
      if (nodes) {
        map.delete(key);
        map.set(key, nodes);
      }
      return nodes;
    },
    set(level, index, hashes) {
      if (hashes.length !== FULL_TILE_BYTES)
        throw new RangeError(
          `tile ${level}/${index} has ${hashes.length / HASH_BYTES} hashes, not a full tile`,
        );
      const key = tileKey(level, index);
      const known = map.get(key);
      if (known) return known;
      // A copy: the bytes may be a view into a larger driver buffer that must not stay alive.
      const nodes = tileNodes(hashes.slice());
      const size = nodesBytes(nodes);
      if (size > maxBytes) return nodes;
      map.set(key, nodes);
      bytes += size;
      for (const [oldKey, old] of map) {
        if (bytes <= maxBytes) break;
        map.delete(oldKey);
        bytes -= nodesBytes(old);
      }
      return nodes;
    },
    get stats() {
      return { tiles: map.size, bytes };
    },
  };
}
