// The bytes of the tlog-tiles resources: hash tiles and entry bundles, only as far as the latest
// signed checkpoint reaches (a client may fetch a partial tile only for a size it holds a
// checkpoint of; serving ahead of the checkpoint would publish hashes nobody has signed yet).
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { HASH_BYTES, TILE_WIDTH } from './merkle.ts';
import { readTile } from './tile-store.ts';
import type { TileRef } from './tile-path.ts';

/** True when the tile (at its width) lies inside the tree of `size`. */
export function tileWithin(tile: TileRef, size: number): boolean {
  const level = tile.level === 'entries' ? 0 : tile.level;
  return (tile.index * TILE_WIDTH + tile.width) * TILE_WIDTH ** level <= size;
}

/** An entry bundle: each entry prefixed by its length as a big-endian uint16. */
export function entryBundle(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.reduce((sum, e) => sum + 2 + e.length, 0));
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** The bytes of a tile or entry bundle within the tree of `checkpointSize`, or null when it has none. */
export async function readTileResource(
  db: Kysely<Database>,
  tile: TileRef,
  checkpointSize: number,
): Promise<Uint8Array | null> {
  if (!tileWithin(tile, checkpointSize)) return null;
  if (tile.level === 'entries') {
    const start = tile.index * TILE_WIDTH;
    const rows = await db
      .selectFrom('log_entry')
      .select('entry')
      .where('index', '>=', start)
      .where('index', '<', start + tile.width)
      .orderBy('index')
      .execute();
    if (rows.length !== tile.width)
      throw new Error(`log entries ${start}…${start + tile.width - 1} are incomplete`);
    return entryBundle(rows.map((r) => r.entry));
  }
  const hashes = await readTile(db, tile.level, tile.index);
  if (!hashes || hashes.length < tile.width * HASH_BYTES)
    throw new Error(`log tile ${tile.level}/${tile.index} is shorter than the checkpoint needs`);
  return hashes.slice(0, tile.width * HASH_BYTES);
}
