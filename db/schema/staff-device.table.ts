import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/**
 * A browser in which a staff member signed in successfully before (its cookie holds the token;
 * only the SHA-256 is stored). It may still try to sign in while the account is locked, so an
 * attacker who keeps failing cannot lock the owner out.
 */
export interface StaffDeviceTable {
  token_hash: string;
  staff_user_id: number;
  created_at: Timestamp;
  last_used_at: Timestamp;
  failed_logins: Generated<number>;
}
export type StaffDevice = Selectable<StaffDeviceTable>;
export type NewStaffDevice = Insertable<StaffDeviceTable>;
