import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/** One single-use recovery code of a staff member, by its SHA-256 only. */
export interface StaffRecoveryCodeTable {
  id: Generated<number>;
  staff_user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}
export type StaffRecoveryCode = Selectable<StaffRecoveryCodeTable>;
