import type { Insertable, Selectable } from 'kysely';

export interface LogTileTable {
  /** C2SP tlog-tiles level: 0 holds leaf hashes, level L the roots of full tiles of level L−1. */
  level: number;
  tile_index: number;
  /** 1–256 concatenated SHA-256 hashes; 256 (8,192 bytes) once the tile is full and final. */
  hashes: Uint8Array;
}
export type LogTile = Selectable<LogTileTable>;
export type NewLogTile = Insertable<LogTileTable>;
