import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { inTransaction } from '../platform/transaction.ts';
import type { AttemptClaim } from './users.ts';

// Rows of addresses nobody tried for this long are forgotten (longer than any lock lasts).
const KEEP_MS = 86_400_000;

/** The key of an e-mail address in login_lock: its SHA-256, never the address itself. */
export function emailHash(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/**
 * Claims one password check for an address that names no staff account, exactly as
 * `claimLoginAttempt` does for an account (counted as a failure first, the same lock rule), so
 * an unknown address is locked at the same attempt as a known one and a probe cannot tell them
 * apart. The row is created race-free and then row-locked.
 */
export async function claimUnknownLoginAttempt(
  db: Kysely<Database>,
  email: string,
  now: Date,
  lockUntil: (failures: number) => Date | null,
): Promise<AttemptClaim> {
  const key = emailHash(email);
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto('login_lock')
      .values({ email_hash: key, updated_at: now })
      .onConflict((oc) => oc.column('email_hash').doNothing())
      .execute();
    const row = await trx
      .selectFrom('login_lock')
      .select(['failed_logins', 'locked_until'])
      .where('email_hash', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.locked_until && row.locked_until > now) return { allowed: false, lockedUntil: row.locked_until };
    const failures = row.failed_logins + 1;
    const until = lockUntil(failures);
    await trx
      .updateTable('login_lock')
      .set({ failed_logins: failures, updated_at: now, ...(until ? { locked_until: until } : {}) })
      .where('email_hash', '=', key)
      .execute();
    return { allowed: true, failures };
  });
}

/** Forgets locks of unknown addresses nobody tried for a day. */
export async function pruneLoginLocks(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('login_lock')
    .where('updated_at', '<', new Date(now.getTime() - KEEP_MS))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
