import type { Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

export type MemberSignInMethod = 'email_link' | 'invitation' | 'passkey';

/** A member's session: the SHA-256 of the cookie's token; separate from staff sessions. */
export interface MemberSessionTable {
  token_hash: string;
  member_user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  method: MemberSignInMethod;
}
export type MemberSession = Selectable<MemberSessionTable>;
export type NewMemberSession = Insertable<MemberSessionTable>;
