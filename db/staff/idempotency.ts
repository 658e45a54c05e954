import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** How long a stored result is replayed; after that the key may be used again. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export interface IdempotentRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  now: Date;
}

export type Claim =
  | { state: 'new' }
  | { state: 'replay'; status: number; body: string }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

/**
 * Claims an Idempotency-Key, as the first statement of the transaction that then makes the change
 * and stores its answer (api/admin/perform.ts `Enlistment`): claim, change and answer commit
 * together, so a committed claim always has its answer, and a process dying half-way leaves no
 * claim at all. The insert is the lock: of two identical requests racing, the second's insert
 * waits for the first's transaction (PostgreSQL), then finds its committed row ('replay') or,
 * when it rolled back, inserts and runs. A key reused for another request is a 'mismatch';
 * 'in_progress' is a row without an answer (a claim made outside such a transaction, or by a
 * version that committed claims early), answered 409 until it expires.
 */
export async function claimIdempotencyKey(db: Kysely<Database>, r: IdempotentRequest): Promise<Claim> {
  await db
    .deleteFrom('idempotency_key')
    .where('principal', '=', r.principal)
    .where('key', '=', r.key)
    .where('created_at', '<', new Date(r.now.getTime() - IDEMPOTENCY_TTL_MS))
    .execute();
  const inserted = await db
    .insertInto('idempotency_key')
    .values({
      principal: r.principal,
      key: r.key,
      method: r.method,
      path: r.path,
      request_hash: r.requestHash,
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { state: 'new' };
  const row = await db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('principal', '=', r.principal)
    .where('key', '=', r.key)
    .executeTakeFirst();
  if (!row) return { state: 'in_progress' };
  if (row.request_hash !== r.requestHash) return { state: 'mismatch' };
  if (row.status === null || row.response_body === null) return { state: 'in_progress' };
  return { state: 'replay', status: row.status, body: row.response_body };
}

/** Stores the outcome for replay (in the claiming transaction). */
export async function completeIdempotencyKey(
  db: Kysely<Database>,
  principal: string,
  key: string,
  outcome: { status: number; body: string; now: Date },
): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ status: outcome.status, response_body: outcome.body, completed_at: outcome.now })
    .where('principal', '=', principal)
    .where('key', '=', key)
    .execute();
}

/** Removes results older than the replay window. */
export async function pruneIdempotencyKeys(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('idempotency_key')
    .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
    .execute();
}
