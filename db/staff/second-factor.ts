import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { StaffTotp } from '../schema/staff-totp.table.ts';

/** Which second factors a staff member has: a confirmed TOTP app, passkeys, unused recovery codes. */
export interface SecondFactors {
  totp: boolean;
  passkeys: number;
  recoveryCodes: number;
}

/** Counts a staff member's second factors in one query. */
export async function secondFactors(db: Kysely<Database>, staffUserId: number): Promise<SecondFactors> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('staff_totp')
            .select('staff_user_id')
            .where('staff_user_id', '=', staffUserId)
            .where('confirmed_at', 'is not', null),
        )
        .as('totp'),
      eb
        .selectFrom('passkey')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('staff_user_id', '=', staffUserId)
        .as('passkeys'),
      eb
        .selectFrom('staff_recovery_code')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('staff_user_id', '=', staffUserId)
        .where('used_at', 'is', null)
        .as('recovery'),
    ])
    .executeTakeFirstOrThrow();
  return {
    totp: Boolean(row.totp),
    passkeys: Number(row.passkeys ?? 0),
    recoveryCodes: Number(row.recovery ?? 0),
  };
}

/** True when the staff member has a factor to sign in with (recovery codes alone do not count). */
export const hasSecondFactor = (f: SecondFactors): boolean => f.totp || f.passkeys > 0;

/** The staff member's TOTP row, confirmed or pending. */
export function findTotp(db: Kysely<Database>, staffUserId: number): Promise<StaffTotp | undefined> {
  return db.selectFrom('staff_totp').selectAll().where('staff_user_id', '=', staffUserId).executeTakeFirst();
}

/**
 * Stores a new pending TOTP secret (sealed), replacing an earlier pending one; a confirmed one is
 * left alone (returns false): it must be removed before another is enrolled.
 */
export async function storePendingTotp(
  db: Kysely<Database>,
  staffUserId: number,
  sealed: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('staff_totp')
    .values({ staff_user_id: staffUserId, secret_sealed: sealed, created_at: now })
    .onConflict((oc) =>
      oc
        .column('staff_user_id')
        .doUpdateSet({ secret_sealed: sealed, created_at: now, last_used_step: null })
        .where('staff_totp.confirmed_at', 'is', null),
    )
    .returning('staff_user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Accepts a TOTP step once: the row's last used step must be older, so the same code (or an
 * earlier one) is never accepted twice, however many requests race. `confirm` also confirms a
 * pending enrolment.
 */
export async function claimTotpStep(
  db: Kysely<Database>,
  staffUserId: number,
  step: number,
  now: Date,
  confirm: boolean,
): Promise<boolean> {
  let query = db
    .updateTable('staff_totp')
    .set({ last_used_step: step, ...(confirm ? { confirmed_at: now } : {}) })
    .where('staff_user_id', '=', staffUserId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]));
  query = confirm ? query.where('confirmed_at', 'is', null) : query.where('confirmed_at', 'is not', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes the staff member's TOTP (confirmed or pending); returns whether there was a confirmed one. */
export async function deleteTotp(db: Kysely<Database>, staffUserId: number): Promise<boolean> {
  const row = await db
    .deleteFrom('staff_totp')
    .where('staff_user_id', '=', staffUserId)
    .returning('confirmed_at')
    .executeTakeFirst();
  return Boolean(row?.confirmed_at);
}

/** Replaces all recovery codes of a staff member by new ones (given as hashes). */
export async function replaceRecoveryCodes(
  db: Kysely<Database>,
  staffUserId: number,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await deleteRecoveryCodes(db, staffUserId);
  if (hashes.length === 0) return;
  await db
    .insertInto('staff_recovery_code')
    .values(hashes.map((code_hash) => ({ staff_user_id: staffUserId, code_hash, created_at: now })))
    .execute();
}

/** Uses up one recovery code; false when it is not this person's or was used before. */
export async function useRecoveryCode(
  db: Kysely<Database>,
  staffUserId: number,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_code')
    .set({ used_at: now })
    .where('staff_user_id', '=', staffUserId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteRecoveryCodes(db: Kysely<Database>, staffUserId: number): Promise<void> {
  await db.deleteFrom('staff_recovery_code').where('staff_user_id', '=', staffUserId).execute();
}

/**
 * Gives back the attempt a right password claimed (claimLoginAttempt counts every check as a
 * failure first) without clearing earlier failures: those of the second factor stay counted
 * until it succeeds, so signing in with the password again does not reset its throttle.
 */
export async function releasePasswordAttempt(
  db: Kysely<Database>,
  staffUserId: number,
  previousLockedUntil: Date | null,
  newPasswordHash: string | null,
): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({
      failed_logins: sql`greatest(failed_logins - 1, 0)`,
      // The claim may have set a lock as if the password were wrong: the one before it stands.
      locked_until: previousLockedUntil,
      ...(newPasswordHash ? { password_hash: newPasswordHash } : {}),
    })
    .where('id', '=', staffUserId)
    .execute();
}
