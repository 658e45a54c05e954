import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

export interface LogEntryTable {
  /** The entry's position in the log: 0, 1, 2, … without gaps. */
  index: number;
  /** RFC 8785 canonical JSON of public facts, as queued in log_pending. */
  entry: Uint8Array;
  /** RFC 6962 leaf hash, SHA-256(0x00 ‖ entry). */
  leaf_hash: Uint8Array;
  subject: string | null;
  sequenced_at: GeneratedTimestamp;
}
export type LogEntry = Selectable<LogEntryTable>;
export type NewLogEntry = Insertable<LogEntryTable>;
