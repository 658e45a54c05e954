import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, treeRoot } from '../../../../db/log/merkle.ts';
import { concat, subtreeReader, tileKey } from '../../../../db/log/tiles.ts';
import { nodesReader, tileNodes } from '../../../../db/log/tile-nodes.ts';
import { createFullTileCache, FULL_TILE_BYTES } from '../../../../db/log/full-tile-cache.ts';
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

  it('stays within its budget, evicting the least recently used tile', () => {
    const one = concat(leaves(256));
    // A full tile's nodes take 510 hashes (256 + 128 + … + 2): room for three.
    const cache = createFullTileCache(3 * 510 * 32);
    cache.set(0, 0, one);
    cache.set(0, 1, one);
    cache.set(0, 2, one);
    expect(cache.get(0, 0)).toBeDefined(); // 0/0 is now the most recently used
    cache.set(0, 3, one);
    expect(cache.stats.tiles).toBe(3);
    expect(cache.stats.bytes).toBe(3 * 510 * 32);
    expect(cache.get(0, 1)).toBeUndefined();
    expect(cache.get(0, 0)).toBeDefined();
    expect(cache.get(0, 3)).toBeDefined();
    expect(FULL_TILE_BYTES).toBe(8192);
  });
});
