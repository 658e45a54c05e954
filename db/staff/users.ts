import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Role, StaffUser } from '../schema/staff-user.table.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../errors.ts';
import { unstorableText } from '../values/storable-text.ts';
import { inTransaction } from '../platform/transaction.ts';

/** A staff record without its password hash: what lists and pages may see. */
export type StaffSummary = Omit<StaffUser, 'password_hash'>;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Lower-cased, trimmed e-mail address, or a ValidationError. */
export function normaliseEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email.length > 320 || !EMAIL.test(email) || unstorableText(email))
    throw new ValidationError('email', 'Give a valid e-mail address.');
  return email;
}

const SUMMARY = [
  'id',
  'email',
  'display_name',
  'role',
  'failed_logins',
  'locked_until',
  'disabled_at',
  'created_at',
  'last_login_at',
  'password_changed_at',
] as const;

/** Adds a staff member; the caller hashes the password (never stored or passed in clear). */
export async function insertStaffUser(
  db: Kysely<Database>,
  input: { email: string; displayName: string; role: Role; passwordHash: string; now: Date },
): Promise<StaffSummary> {
  const row = await db
    .insertInto('staff_user')
    .values({
      email: normaliseEmail(input.email),
      display_name: input.displayName,
      role: input.role,
      password_hash: input.passwordHash,
      created_at: input.now,
      password_changed_at: input.now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(SUMMARY)
    .executeTakeFirst();
  if (!row)
    throw new KeurmerkError('staff_exists', 'A staff member with this e-mail address already exists.');
  return row;
}

export async function countStaff(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('staff_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The full record, hash included: for sign-in only. */
export async function staffForLogin(db: Kysely<Database>, email: string): Promise<StaffUser | undefined> {
  // Typed into a form, so anything: no address holds a NUL, and PostgreSQL refuses one even in a query.
  if (unstorableText(email)) return undefined;
  return db.selectFrom('staff_user').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findStaff(db: Kysely<Database>, id: number): Promise<StaffSummary> {
  const row = await db.selectFrom('staff_user').select(SUMMARY).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('staff member', String(id));
  return row;
}

export function listStaff(db: Kysely<Database>): Promise<StaffSummary[]> {
  return db.selectFrom('staff_user').select(SUMMARY).orderBy('email').execute();
}

export type AttemptClaim =
  | {
      allowed: true;
      failures: number;
      /** The lock before this claim (it may have set a new one): restored when the claim is given back. */
      previousLockedUntil?: Date | null;
    }
  | { allowed: false; lockedUntil: Date };

/**
 * Claims one password check for an account before it is made, counting it as a failure until
 * proven otherwise and applying the lock that failure would cause. Row-locked, so of many
 * parallel guesses only those before the threshold get checked; the rest find the account
 * locked. `bypassLock` is for a known device of the account's owner.
 */
export async function claimLoginAttempt(
  db: Kysely<Database>,
  id: number,
  now: Date,
  lockUntil: (failures: number) => Date | null,
  bypassLock: boolean,
): Promise<AttemptClaim> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('staff_user')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.locked_until && row.locked_until > now && !bypassLock)
      return { allowed: false, lockedUntil: row.locked_until };
    const failures = row.failed_logins + 1;
    const until = lockUntil(failures);
    await trx
      .updateTable('staff_user')
      .set({ failed_logins: failures, ...(until ? { locked_until: until } : {}) })
      .where('id', '=', id)
      .execute();
    return { allowed: true, failures, previousLockedUntil: row.locked_until };
  });
}

/** A successful sign-in clears the failure count and lock; an outdated hash is replaced. */
export async function recordSuccessfulLogin(
  db: Kysely<Database>,
  id: number,
  now: Date,
  newPasswordHash: string | null,
): Promise<void> {
  await db
    .updateTable('staff_user')
    .set({
      failed_logins: 0,
      locked_until: null,
      last_login_at: now,
      ...(newPasswordHash ? { password_hash: newPasswordHash } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Applies the fields given and returns the updated record. Refuses (and changes nothing) when the
 * change would leave no enabled admin: the admin rows are locked first, so two admins demoting
 * each other at once cannot both succeed.
 */
export async function updateStaff(
  db: Kysely<Database>,
  id: number,
  changes: {
    role?: Role;
    displayName?: string;
    disabled?: boolean;
    passwordHash?: string;
    unlock?: boolean;
    now: Date;
  },
): Promise<StaffSummary> {
  return inTransaction(db, async (trx) => {
    await trx
      .selectFrom('staff_user')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .forUpdate()
      .execute();
    const row = await trx
      .updateTable('staff_user')
      .set({
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.displayName ? { display_name: changes.displayName } : {}),
        ...(changes.disabled === undefined ? {} : { disabled_at: changes.disabled ? changes.now : null }),
        ...(changes.passwordHash
          ? { password_hash: changes.passwordHash, password_changed_at: changes.now }
          : {}),
        ...(changes.unlock ? { failed_logins: 0, locked_until: null } : {}),
      })
      .where('id', '=', id)
      .returning(SUMMARY)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('staff member', String(id));
    const admins = await trx
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(admins?.n ?? 0) === 0)
      throw new KeurmerkError(
        'last_admin',
        'This would leave no enabled admin; make someone else admin first.',
      );
    return row;
  });
}
