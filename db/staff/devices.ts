import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** A device token stops working after this many wrong passwords typed on it. */
export const DEVICE_MAX_FAILURES = 5;
const DEVICE_LIFETIME_MS = 180 * 86_400_000;

/** Remembers a browser that signed in successfully (by the hash of its cookie token). */
export async function rememberDevice(
  db: Kysely<Database>,
  tokenHash: string,
  staffUserId: number,
  now: Date,
): Promise<void> {
  await db
    .insertInto('staff_device')
    .values({ token_hash: tokenHash, staff_user_id: staffUserId, created_at: now, last_used_at: now })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ last_used_at: now, failed_logins: 0 }))
    .execute();
}

/** Whether this device token belongs to the staff member and may still bypass an account lock. */
export async function isTrustedDevice(
  db: Kysely<Database>,
  tokenHash: string,
  staffUserId: number,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('staff_device')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('staff_user_id', '=', staffUserId)
    .where('failed_logins', '<', DEVICE_MAX_FAILURES)
    .where('created_at', '>', new Date(now.getTime() - DEVICE_LIFETIME_MS))
    .executeTakeFirst();
  return row !== undefined;
}

/** A wrong password typed on a known device: counted, and the device forgotten at the limit. */
export async function recordDeviceFailure(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db
    .updateTable('staff_device')
    .set({ failed_logins: sql`failed_logins + 1` })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** Forgets every device of a staff member (password reset, account disabled). */
export async function forgetDevices(db: Kysely<Database>, staffUserId: number): Promise<void> {
  await db.deleteFrom('staff_device').where('staff_user_id', '=', staffUserId).execute();
}
