import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export interface SessionTable {
  /** SHA-256 of the session token; the token itself exists only in the cookie. */
  token_hash: string;
  staff_user_id: number;
  created_at: GeneratedTimestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** True until the second factor is given (or enrolled): such a session can do nothing else. */
  password_only: ColumnType<boolean, boolean | undefined, boolean>;
}
export type Session = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type SessionUpdate = Updateable<SessionTable>;
