// Reading and writing the stored hash tiles (log_tile), and the tree size as stored.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { tileKey, type HashTile } from './tiles.ts';

const bytes = (value: Uint8Array) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

/** The stored tiles at the given (level, index) coordinates, keyed `level/index`. */
export async function readTiles(
  db: Kysely<Database>,
  coordinates: ReadonlyArray<readonly [number, number]>,
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (coordinates.length === 0) return out;
  const rows = await db
    .selectFrom('log_tile')
    .select(['level', 'tile_index', 'hashes'])
    .where((eb) =>
      eb.or(
        coordinates.map(([level, index]) => eb.and([eb('level', '=', level), eb('tile_index', '=', index)])),
      ),
    )
    .execute();
  for (const row of rows) out.set(tileKey(row.level, row.tile_index), bytes(row.hashes));
  return out;
}

/** One stored tile, or undefined. */
export async function readTile(
  db: Kysely<Database>,
  level: number,
  index: number,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('log_tile')
    .select('hashes')
    .where('level', '=', level)
    .where('tile_index', '=', index)
    .executeTakeFirst();
  return row ? bytes(row.hashes) : undefined;
}

/** Writes tiles, replacing the partial tiles they extend. */
export async function writeTiles(db: Kysely<Database>, tiles: readonly HashTile[]): Promise<void> {
  for (let i = 0; i < tiles.length; i += 500) {
    await db
      .insertInto('log_tile')
      .values(tiles.slice(i, i + 500).map((t) => ({ level: t.level, tile_index: t.index, hashes: t.hashes })))
      .onConflict((oc) => oc.columns(['level', 'tile_index']).doUpdateSet({ hashes: sql`excluded.hashes` }))
      .execute();
  }
}

/** The number of sequenced entries (the next index). */
export async function sequencedSize(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('log_entry')
    .select(sql<number | null>`max(index)`.as('last'))
    .executeTakeFirstOrThrow();
  return row.last === null ? 0 : Number(row.last) + 1;
}
