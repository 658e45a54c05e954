// Reading a log's C2SP tiles over HTTP for one checkpoint size: hash tiles for the subtree
// hashes a proof or a compact range needs, and entry bundles split into their entries.
import { HASH_BYTES, subtreesOf, TILE_WIDTH, type SubtreeHash } from '../../db/log/merkle.ts';
import { tilePath } from '../../db/log/tile-path.ts';
import { subtreeReader, tilesFor, tileWidth } from '../../db/log/tiles.ts';
import { Disagreement } from './disagreement.ts';
import type { RegistryClient } from './registry-client.ts';

/** Fetches the hash tiles holding `subtrees` of the tree of `size`; the reader throws for none other. */
export async function fetchSubtrees(
  client: RegistryClient,
  size: number,
  subtrees: ReadonlyArray<readonly [number, number]>,
): Promise<SubtreeHash> {
  const tiles = new Map<string, Uint8Array>();
  await Promise.all(
    tilesFor(subtrees).map(async ([level, index]) => {
      const bytes = await fetchHashTile(client, size, level, index);
      tiles.set(`${level}/${index}`, bytes);
    }),
  );
  return subtreeReader(tiles);
}

/** One hash tile at the width the tree of `size` gives it; a missing or short tile is a disagreement. */
export async function fetchHashTile(
  client: RegistryClient,
  size: number,
  level: number,
  index: number,
): Promise<Uint8Array> {
  const width = tileWidth(size, level, index);
  const path = `/log/${tilePath({ level, index, width })}`;
  const bytes = await client.bytes(path);
  if (bytes === null)
    throw new Disagreement(
      'missing_tile',
      `The checkpoint of size ${size} covers ${path}, but the registry has no such tile.`,
      {
        path,
      },
    );
  if (bytes.length !== width * HASH_BYTES)
    throw new Disagreement('missing_tile', `${path} has ${bytes.length} bytes, not ${width * HASH_BYTES}.`, {
      path,
    });
  return bytes;
}

/** The complete-subtree hashes of [0, m) read from the tiles of the tree of `size` (m ≤ size). */
export async function prefixHashes(client: RegistryClient, size: number, m: number): Promise<Uint8Array[]> {
  if (m === 0) return [];
  const subtrees = subtreesOf(0, m);
  const reader = await fetchSubtrees(client, size, subtrees);
  return subtrees.map(([h, i]) => reader(h, i).slice());
}

/** Splits an entry bundle into its entries (each prefixed by a big-endian uint16 length). */
export function splitBundle(bundle: Uint8Array): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) return null;
    const length = bundle[at]! * 256 + bundle[at + 1]!;
    if (at + 2 + length > bundle.length) return null;
    out.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return out;
}

/** The entries of bundle `index` of the tree of `size`: exactly as many as its width, or a disagreement. */
export async function fetchBundle(
  client: RegistryClient,
  size: number,
  index: number,
): Promise<Uint8Array[]> {
  const width = tileWidth(size, 0, index);
  const path = `/log/${tilePath({ level: 'entries', index, width })}`;
  const bytes = await client.bytes(path);
  const first = index * TILE_WIDTH;
  if (bytes === null)
    throw new Disagreement(
      'missing_entry',
      `Entries ${first}–${first + width - 1} are in the checkpoint of size ${size}, but ${path} is missing.`,
      { index: first, path },
    );
  const entries = splitBundle(bytes);
  if (entries === null || entries.length !== width)
    throw new Disagreement(
      'missing_entry',
      `${path} should hold ${width} entries from ${first}, but holds ${entries?.length ?? 'an unreadable list of'}.`,
      { index: first, path },
    );
  return entries;
}
