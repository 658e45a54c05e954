import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MemberSignInMethod } from '../schema/member-session.table.ts';
import type { Language } from '../vocabulary.ts';

/** As for staff: ended after an hour without a request, and after twelve hours whatever happens. */
export const MEMBER_SESSION_IDLE_MS = 60 * 60_000;
export const MEMBER_SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export interface LiveMember {
  memberUserId: number;
  email: string;
  name: string;
  language: Language;
}

/** Stores a new session by its token's hash and notes the sign-in on the person. */
export async function insertMemberSession(
  db: Kysely<Database>,
  tokenHash: string,
  memberUserId: number,
  method: MemberSignInMethod,
  now: Date,
): Promise<void> {
  await db
    .insertInto('member_session')
    .values({
      token_hash: tokenHash,
      member_user_id: memberUserId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + MEMBER_SESSION_ABSOLUTE_MS),
      method,
    })
    .execute();
  await db.updateTable('member_user').set({ last_sign_in_at: now }).where('id', '=', memberUserId).execute();
}

/** The person behind a live session (not revoked, within both limits), read fresh each request. */
export async function findLiveMemberSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<LiveMember | null> {
  const row = await db
    .selectFrom('member_session as s')
    .innerJoin('member_user as u', 'u.id', 's.member_user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.language', 's.last_seen_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - MEMBER_SESSION_IDLE_MS))
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS)
    await db
      .updateTable('member_session')
      .set({ last_seen_at: now })
      .where('token_hash', '=', tokenHash)
      .execute();
  return { memberUserId: row.id, email: row.email, name: row.name, language: row.language };
}

/** Ends one session (sign out). */
export async function revokeMemberSession(db: Kysely<Database>, tokenHash: string, now: Date): Promise<void> {
  await db
    .updateTable('member_session')
    .set({ revoked_at: now })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a person (sign out everywhere, a changed e-mail); returns how many. */
export async function revokeMemberSessions(
  db: Kysely<Database>,
  memberUserId: number,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('member_session')
    .set({ revoked_at: now })
    .where('member_user_id', '=', memberUserId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
