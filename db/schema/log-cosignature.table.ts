import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

/** A cosignature a witness returned for one of this registry's checkpoints. */
export interface LogCosignatureTable {
  /** The witness's cosigner vkey (type 0x04), as the policy names it. */
  witness_vkey: string;
  tree_size: number;
  root_hash: Uint8Array;
  /** The note signature line, ending with a newline. */
  line: string;
  /** The timestamp inside the cosignature. */
  cosigned_at: Date;
  created_at: GeneratedTimestamp;
}
export type LogCosignature = Selectable<LogCosignatureTable>;
export type NewLogCosignature = Insertable<LogCosignatureTable>;
