import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

/** One row per validity period whose expiry is in the transparency log, so it is logged once. */
export interface LogExpiryTable {
  certification_id: number;
  valid_until: Timestamp;
  logged_at: GeneratedTimestamp;
}
export type LogExpiry = Selectable<LogExpiryTable>;
export type NewLogExpiry = Insertable<LogExpiryTable>;
