import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, treeRoot } from '../../../../db/log/merkle.ts';
import { concat, subtreeReader, tileKey } from '../../../../db/log/tiles.ts';
import { nodesReader, tileNodes, type TileNodes } from '../../../../db/log/tile-nodes.ts';
import {
  CACHED_TILE_BYTES,
  createFullTileCache,
  FULL_TILE_BYTES,
  MIN_CACHED_TILES,
} from '../../../../db/log/full-tile-cache.ts';
import { ReferenceTree } from '../../../helpers/tlog-reference.ts';

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`{"n":${i}}`)));

describe('tile nodes', () => {
  it('give every complete subtree of a full tile as the hashing reader computes it', () => {
    const hashes = concat(leaves(256));
    const fromNodes = nodesReader(new Map([[tileKey(0, 0), tileNodes(hashes)]]));
    const hashing = subtreeReader(new Map([[tileKey(0, 0), hashes]]));
    for (let height = 0; height < 8; height++)
      for (let index = 0; index < 256 / 2 ** height; index++)
        expect(Buffer.from(fromNodes(height, index)).equals(Buffer.from(hashing(height, index)))).toBe(true);
  });

  it('match the outside reference for a partial tile, and know nothing beyond its width', () => {
    const entries = Array.from({ length: 203 }, (_, i) => new TextEncoder().encode(`{"n":${i}}`));
    const reference = new ReferenceTree(entries);
    const nodes = tileNodes(concat(entries.map((e) => leafHash(e))));
    expect(nodes.width).toBe(203);
    const read = nodesReader(new Map([[tileKey(0, 0), nodes]]));
    expect(Buffer.from(treeRoot(203, read)).equals(reference.mth(0, 203))).toBe(true);
    // 203 = 128 + 64 + 8 + 2 + 1: the subtree of 64 at index 3 (leaves 192…255) does not exist yet.
    expect(() => read(6, 3)).toThrow(/lacks/);
    expect(() => read(0, 203)).toThrow(/lacks/);
    expect(Buffer.from(read(1, 100)).equals(Buffer.from(nodeHash(read(0, 200), read(0, 201))))).toBe(true);
  });

  it('refuse what is not 1–256 hashes', () => {
    expect(() => tileNodes(new Uint8Array(0))).toThrow(RangeError);
    expect(() => tileNodes(new Uint8Array(33))).toThrow(RangeError);
    expect(() => tileNodes(new Uint8Array(257 * 32))).toThrow(RangeError);
  });
});

describe('full tile cache', () => {
  it('cannot hold a partial tile as full', () => {
    const cache = createFullTileCache();
    expect(() => cache.set(0, 7, concat(leaves(255)))).toThrow(RangeError);
    expect(cache.get(0, 7)).toBeUndefined();
    expect(cache.stats.tiles).toBe(0);
  });

  it('keeps its own copy of the bytes it is given', () => {
    const cache = createFullTileCache();
    const bytes = concat(leaves(256));
    const left = Buffer.from(subtreeReader(new Map([[tileKey(0, 0), bytes]]))(7, 0));
    cache.set(0, 0, bytes);
    bytes.fill(0);
    const read = nodesReader(new Map([[tileKey(0, 0), cache.get(0, 0)!]]));
    expect(Buffer.from(read(7, 0)).equals(left)).toBe(true);
  });

  const tileOf = (seed: number) =>
    concat(
      Array.from({ length: 256 }, (_, i) => leafHash(new TextEncoder().encode(`{"t":${seed},"n":${i}}`))),
    );
  const sameNodes = (a: TileNodes, b: TileNodes) =>
    a.width === b.width &&
    a.rows.length === b.rows.length &&
    a.rows.every((row, h) => Buffer.from(row).equals(Buffer.from(b.rows[h]!)));

  it('stays within its budget, giving a tile used since the last sweep a second chance', () => {
    const cache = createFullTileCache(MIN_CACHED_TILES * CACHED_TILE_BYTES);
    expect(cache.stats.capacity).toBe(MIN_CACHED_TILES);
    for (let t = 0; t < MIN_CACHED_TILES; t++) cache.set(0, t, tileOf(t));
    // Every tile is marked used (just stored): the sweep clears them all and takes the first slot.
    cache.set(0, 100, tileOf(100));
    expect(cache.get(0, 0)).toBeUndefined();
    // 0/2 is used again after that sweep, 0/1 and 0/3 are not: they leave, 0/2 stays.
    expect(cache.get(0, 2)).toBeDefined();
    const fresh = cache.set(0, 101, tileOf(101));
    cache.set(0, 102, tileOf(102));
    expect(cache.get(0, 1)).toBeUndefined();
    expect(cache.get(0, 3)).toBeUndefined();
    expect(sameNodes(cache.get(0, 2)!, tileNodes(tileOf(2)))).toBe(true);
    expect(cache.stats.tiles).toBe(MIN_CACHED_TILES);
    expect(cache.stats.bytes).toBe(MIN_CACHED_TILES * 510 * 32);
    // The new tiles took evicted slots, and hold their own nodes, not the old ones.
    expect(sameNodes(fresh, tileNodes(tileOf(101)))).toBe(true);
    for (const t of [100, 101, 102]) expect(sameNodes(cache.get(0, t)!, tileNodes(tileOf(t)))).toBe(true);
    expect(FULL_TILE_BYTES).toBe(8192);
    expect(CACHED_TILE_BYTES).toBe(510 * 32);
  });

  it('keeps tiles of different levels with the same index apart, across slabs', () => {
    const cache = createFullTileCache(200 * CACHED_TILE_BYTES);
    expect(cache.stats.reserved).toBe(0);
    for (let t = 0; t < 150; t++) {
      cache.set(t % 3, Math.floor(t / 3), tileOf(t));
      // Memory is taken a 64-slot slab at a time, as the tiles need it.
      expect(cache.stats.reserved).toBe(Math.ceil((t + 1) / 64) * 64 * CACHED_TILE_BYTES);
    }
    expect(cache.stats.tiles).toBe(150);
    for (let t = 0; t < 150; t++)
      expect(sameNodes(cache.get(t % 3, Math.floor(t / 3))!, tileNodes(tileOf(t)))).toBe(true);
    expect(cache.get(3, 0)).toBeUndefined();
  });

  it('caches nothing with a budget under the least it needs, and still answers', () => {
    const cache = createFullTileCache((MIN_CACHED_TILES - 1) * CACHED_TILE_BYTES);
    const nodes = cache.set(0, 0, tileOf(0));
    expect(sameNodes(nodes, tileNodes(tileOf(0)))).toBe(true);
    expect(cache.get(0, 0)).toBeUndefined();
    expect(cache.stats).toEqual({ tiles: 0, bytes: 0, capacity: 0, reserved: 0 });
    expect(createFullTileCache(0).stats.capacity).toBe(0);
  });
});
