import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { inTransaction } from '../platform/transaction.ts';

export type AttemptReservation = { reserved: true; id: string } | { reserved: false };

/**
 * Reserves one sign-in attempt for a client before its password is checked, unless the client
 * already has `limit` attempts within the window. Counting and inserting happen under a
 * transaction-scoped advisory lock on the client key, so parallel attempts from one client are
 * counted one after another on every instance (PGlite and PostgreSQL alike); the password check
 * comes after, outside the transaction.
 */
export async function reserveSignInAttempt(
  db: Kysely<Database>,
  clientKey: string,
  now: Date,
  limit: { attempts: number; windowMs: number },
): Promise<AttemptReservation> {
  const since = new Date(now.getTime() - limit.windowMs);
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`sign_in:${clientKey}`}))`.execute(trx);
    const row = await trx
      .selectFrom('sign_in_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_key', '=', clientKey)
      .where('attempted_at', '>', since)
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= limit.attempts) return { reserved: false };
    const { id } = await trx
      .insertInto('sign_in_attempt')
      .values({ client_key: clientKey, attempted_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { reserved: true, id: String(id) };
  });
}

/** A successful sign-in gives its reserved attempt back: only failed and refused ones count. */
export async function releaseSignInAttempt(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sign_in_attempt').where('id', '=', id).execute();
}

/** Forgets attempts older than the window. */
export async function pruneSignInAttempts(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('sign_in_attempt').where('attempted_at', '<=', before).execute();
}
