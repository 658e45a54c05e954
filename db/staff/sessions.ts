import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Role } from '../schema/staff-user.table.ts';

/** A session ends after this long without a request, and after ABSOLUTE_MS whatever happens. */
export const SESSION_IDLE_MS = 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
// last_seen_at is written at most this often: one write per minute, not one per page.
const TOUCH_EVERY_MS = 60_000;

export interface SessionStaff {
  staffUserId: number;
  email: string;
  displayName: string;
  role: Role;
  expiresAt: Date;
  /** The password was right but the second factor is still to be given (or enrolled). */
  passwordOnly: boolean;
  /** Whether the staff member has a second factor to give (a confirmed TOTP app or a passkey). */
  hasSecondFactor: boolean;
}

/** Stores a new session by the hash of its token; the token itself lives only in the cookie. */
export async function insertSession(
  db: Kysely<Database>,
  tokenHash: string,
  staffUserId: number,
  now: Date,
  passwordOnly = false,
): Promise<Date> {
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await db
    .insertInto('session')
    .values({
      token_hash: tokenHash,
      staff_user_id: staffUserId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      password_only: passwordOnly,
    })
    .execute();
  return expiresAt;
}

/**
 * The staff member behind a session token hash, if the session is live: not revoked, within its
 * absolute and idle limits, and its owner not disabled. Role and name are read fresh each time,
 * so a changed role applies to the very next request.
 */
export async function findLiveSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<SessionStaff | null> {
  const row = await db
    .selectFrom('session as s')
    .innerJoin('staff_user as u', 'u.id', 's.staff_user_id')
    .select([
      's.staff_user_id',
      's.last_seen_at',
      's.expires_at',
      's.password_only',
      'u.email',
      'u.display_name',
      'u.role',
    ])
    .select((eb) =>
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('staff_totp as t')
              .select('t.staff_user_id')
              .whereRef('t.staff_user_id', '=', 's.staff_user_id')
              .where('t.confirmed_at', 'is not', null),
          ),
          eb.exists(
            eb.selectFrom('passkey as p').select('p.id').whereRef('p.staff_user_id', '=', 's.staff_user_id'),
          ),
        ])
        .as('has_second_factor'),
    )
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - SESSION_IDLE_MS))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return {
    staffUserId: row.staff_user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    expiresAt: row.expires_at,
    passwordOnly: row.password_only,
    hasSecondFactor: Boolean(row.has_second_factor),
  };
}

/** Marks a session complete: its second factor was given (or just enrolled). */
export async function completeSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable('session').set({ password_only: false }).where('token_hash', '=', tokenHash).execute();
}

// Only sessions not yet ended: ending twice keeps the first time.
function endLiveSessions(db: Kysely<Database>, now: Date) {
  return db.updateTable('session').set({ revoked_at: now }).where('revoked_at', 'is', null);
}

/** Ends one session (sign-out, or the old session at a new sign-in). */
export async function revokeSession(db: Kysely<Database>, tokenHash: string, now: Date): Promise<void> {
  await endLiveSessions(db, now).where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a staff member ("sign out everywhere"); returns how many were live. */
export async function revokeStaffSessions(
  db: Kysely<Database>,
  staffUserId: number,
  now: Date,
): Promise<number> {
  const result = await endLiveSessions(db, now)
    .where('staff_user_id', '=', staffUserId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes sessions that ended more than a day ago (housekeeping at sign-in). */
export async function pruneSessions(db: Kysely<Database>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - 86_400_000);
  await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .execute();
}
