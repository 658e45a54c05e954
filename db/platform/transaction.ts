import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { uniqueViolation } from './unique-violation.ts';

let savepoints = 0;

/**
 * Runs `fn` in a transaction. On a plain Kysely instance that is a new transaction; when `db` is
 * already a transaction (an admin operation runs in one together with its audit record and its
 * Idempotency-Key) `fn` runs inside it under a savepoint: if `fn` throws, its own work is undone
 * as its own transaction's would have been, and the caller's transaction stays usable. Nested
 * work commits only when the outer transaction does, so nothing may rely on it being visible to
 * other connections earlier.
 *
 * A unique violation (a racing writer got there first) leaves as the 409 `conflict` error.
 *
 * On PGlite the outer transaction holds the only connection: inside it, every query must use the
 * transaction object, never the Kysely instance it came from, or it waits for itself for ever.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(fn).catch(rethrowAsConflict);
  const trx = db as Transaction<Database>;
  const name = sql.id(`keurmerk_sp_${++savepoints}`);
  await sql`savepoint ${name}`.execute(trx);
  let result: T;
  try {
    result = await fn(trx);
  } catch (error) {
    // If even this fails the connection is gone, and the outer transaction fails with it.
    await sql`rollback to savepoint ${name}`.execute(trx).catch(() => undefined);
    return rethrowAsConflict(error);
  }
  await sql`release savepoint ${name}`.execute(trx);
  return result;
}

function rethrowAsConflict(error: unknown): never {
  throw uniqueViolation(error) ?? error;
}
