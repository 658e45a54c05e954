import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/**
 * The account lock of an e-mail address that names no staff account (keyed by its SHA-256), so
 * unknown addresses get locked exactly like known ones and a probe learns nothing from the lock.
 */
export interface LoginLockTable {
  email_hash: string;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  updated_at: Timestamp;
}
export type LoginLock = Selectable<LoginLockTable>;
