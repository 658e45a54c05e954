import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export type Role = 'admin' | 'assessor' | 'viewer';

export interface StaffUserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: Role;
  /** scrypt hash with its parameters and salt; never the password. */
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
}
export type StaffUser = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type StaffUserUpdate = Updateable<StaffUserTable>;
