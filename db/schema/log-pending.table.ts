import type { Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

export interface LogPendingTable {
  id: Generated<string>;
  /** RFC 8785 canonical JSON of public facts only, UTF-8, at most 65,535 bytes. */
  entry: Uint8Array;
  /** What the entry is about, for lookups: a certification's public id, or `keys`. */
  subject: string | null;
  created_at: GeneratedTimestamp;
}
export type LogPending = Selectable<LogPendingTable>;
export type NewLogPending = Insertable<LogPendingTable>;
