// Full hash tiles in memory, with their inner nodes (tile-nodes.ts), for proofs. A full tile never
// changes again, so an entry never needs invalidating; only a bound. A partial tile is refused:
// it grows with the tree, and serving one as full would prove against hashes that are not there.
//
// The nodes live in fixed slots of a few 1 MB slabs, reused in place on eviction, instead of eight
// buffers a tile: a server holding every tile of a million-entry tree keeps ~70 MB in ~70
// ArrayBuffers rather than 35,000, which kept the garbage collector busy and made the proofs' tail.
// The default budget holds every full tile of a tree of about four million entries, so a proof of
// a random index in a tree that size never waits for the database once its tiles were read.
import { HASH_BYTES, TILE_WIDTH } from './merkle.ts';
import {
  FULL_TILE_NODE_HASHES,
  fillFullTileNodes,
  fullTileNodesIn,
  tileNodes,
  type TileNodes,
} from './tile-nodes.ts';

export const FULL_TILE_BYTES = TILE_WIDTH * HASH_BYTES;
/** Memory one cached full tile takes: its 256 hashes and the 254 inner nodes below its root. */
export const CACHED_TILE_BYTES = FULL_TILE_NODE_HASHES * HASH_BYTES;
/** 256 MB: every full tile (levels 0 and up) of a tree of ~4,000,000 entries. */
export const DEFAULT_PROOF_TILE_BYTES = 256 * 1024 * 1024;
/**
 * Nodes handed out stay valid until their slot is reused, which takes more tiles stored than one
 * proof ever needs (a newly stored tile is marked used, so a sweep passes it once); a smaller
 * budget caches nothing.
 */
export const MIN_CACHED_TILES = 16;
const SLOTS_PER_SLAB = 64;

export interface FullTileCache {
  /** The nodes of full tile (level, index), marking it used (it survives the next sweep). */
  get(level: number, index: number): TileNodes | undefined;
  /** Stores a full tile (exactly 256 hashes; anything else is a RangeError) and returns its nodes. */
  set(level: number, index: number, hashes: Uint8Array): TileNodes;
  readonly stats: {
    readonly tiles: number;
    readonly bytes: number;
    readonly capacity: number;
    /** Bytes of the slabs allocated so far (they grow 64 slots at a time, up to the capacity). */
    readonly reserved: number;
  };
}

// Numeric keys: levels stay below 64, and tile indexes below 2^47 (a tree of 2^55 entries).
const keyOf = (level: number, index: number) => index * 64 + level;

/**
 * A bounded cache of full tiles with CLOCK eviction (second chance): once every slot is taken, the
 * hand sweeps the slots, clearing their used marks, and reuses the first slot not used since its
 * last pass. That approximates least-recently-used at the cost of one byte write a lookup — a proof
 * looks up ~20 hashes, and moving a tile to the end of an LRU list on each cost more than the proof.
 */
export function createFullTileCache(maxBytes = DEFAULT_PROOF_TILE_BYTES): FullTileCache {
  const fit = Math.floor(maxBytes / CACHED_TILE_BYTES);
  const capacity = fit < MIN_CACHED_TILES ? 0 : fit;
  // Slot s is slots[s]: views into a slab, allocated as the cache grows, never freed.
  const slots: TileNodes[] = [];
  const keys: number[] = [];
  const used: number[] = [];
  const bySlot = new Map<number, number>();
  let hand = 0;

  function freeSlot(): number {
    // Slots are taken in order until all exist; only then are they reused.
    if (keys.length < slots.length) return keys.length;
    if (slots.length < capacity) {
      const count = Math.min(SLOTS_PER_SLAB, capacity - slots.length);
      const slab = new Uint8Array(count * CACHED_TILE_BYTES);
      for (let i = 0; i < count; i++)
        slots.push(fullTileNodesIn(slab.subarray(i * CACHED_TILE_BYTES, (i + 1) * CACHED_TILE_BYTES)));
      return keys.length;
    }
    // Every slot is taken: at most one full turn clears every mark, so this ends.
    for (;;) {
      const slot = hand;
      hand = (hand + 1) % slots.length;
      if (used[slot] === 1) used[slot] = 0;
      else {
        bySlot.delete(keys[slot]!);
        return slot;
      }
    }
  }

  return {
    get(level, index) {
      const slot = bySlot.get(keyOf(level, index));
      if (slot === undefined) return undefined;
      used[slot] = 1;
      return slots[slot];
    },
    set(level, index, hashes) {
      if (hashes.length !== FULL_TILE_BYTES)
        throw new RangeError(
          `tile ${level}/${index} has ${hashes.length / HASH_BYTES} hashes, not a full tile`,
        );
      const key = keyOf(level, index);
      const known = bySlot.get(key);
      if (known !== undefined) return slots[known]!;
      // A copy: the bytes may be a view into a larger driver buffer that must not stay alive.
      if (capacity === 0) return tileNodes(hashes.slice());
      const slot = freeSlot();
      fillFullTileNodes(hashes, slots[slot]!);
      keys[slot] = key;
      // Marked used: a tile just read is about to serve the proof that read it.
      used[slot] = 1;
      bySlot.set(key, slot);
      return slots[slot]!;
    },
    get stats() {
      return {
        tiles: bySlot.size,
        bytes: bySlot.size * CACHED_TILE_BYTES,
        capacity,
        reserved: slots.length * CACHED_TILE_BYTES,
      };
    },
  };
}
