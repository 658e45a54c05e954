import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

/** This instance as a witness: the latest checkpoint it cosigned, per log origin. */
export interface WitnessStateTable {
  origin: string;
  tree_size: number;
  root_hash: Uint8Array;
  /** The checkpoint as submitted (log signature included) followed by this witness's cosignature. */
  note: string;
  updated_at: GeneratedTimestamp;
}
export type WitnessState = Selectable<WitnessStateTable>;
export type NewWitnessState = Insertable<WitnessStateTable>;
