import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

export interface LogCheckpointTable {
  /** Primary key: one size never has two checkpoints (nor two roots). */
  tree_size: number;
  root_hash: Uint8Array;
  /** The whole signed note, as served at /log/checkpoint. */
  note: string;
  /** The log_key that signed it. */
  key_id: number;
  created_at: GeneratedTimestamp;
}
export type LogCheckpoint = Selectable<LogCheckpointTable>;
export type NewLogCheckpoint = Insertable<LogCheckpointTable>;
