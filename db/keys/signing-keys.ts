import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { SigningKey as SigningKeyRow } from '../schema/signing-key.table.ts';
import { appendLogEntries } from '../log/append-many.ts';
import { KEYS_SUBJECT, keyFacts } from '../log/entry-facts.ts';

export const KEYS_CHANNEL = 'signing_keys_changed';
const KEY_LOCK = 7_355_609;

/** Serialises key creation and rotation across processes. Call inside a transaction. */
export async function lockKeys(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
}

/** The key new credentials are signed with: the newest one not retired. */
export function currentKeyRow(
  db: Kysely<Database> | Transaction<Database>,
): Promise<SigningKeyRow | undefined> {
  return db
    .selectFrom('signing_key')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Keys a verifier may need: every key not retired, and every retired key that signed a
 * credential that has not yet expired. A kid is never reused: it is the key's thumbprint.
 */
export function publishedKeyRows(db: Kysely<Database>, now: Date): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('signing_key as k')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('k.retired_at', 'is', null),
        eb.exists(
          eb
            .selectFrom('credential as c')
            .select('c.id')
            .whereRef('c.kid', '=', 'k.kid')
            .where('c.valid_until', '>', now),
        ),
      ]),
    )
    .orderBy('k.created_at', 'desc')
    .execute();
}

/**
 * Makes `row` the current key: retires the others and records it, in one transaction, with a
 * transparency-log entry for the key added and each key retired (in that order).
 */
export async function installCurrentKey(
  trx: Transaction<Database>,
  row: {
    kid: string;
    thumbprint: string;
    alg: 'RS256' | 'ES256';
    public_jwk: Record<string, unknown>;
    private_key_ref: string;
  },
  now: Date,
): Promise<void> {
  const retired = await trx
    .updateTable('signing_key')
    .set({ retired_at: now })
    .where('retired_at', 'is', null)
    .where('kid', '!=', row.kid)
    .returning(['kid', 'thumbprint', 'alg'])
    .execute();
  await trx
    .insertInto('signing_key')
    .values({ ...row, public_jwk: JSON.stringify(row.public_jwk), created_at: now })
    .onConflict((oc) =>
      oc.column('kid').doUpdateSet({ retired_at: null, private_key_ref: row.private_key_ref }),
    )
    .execute();
  await appendLogEntries(trx, [
    { facts: keyFacts({ type: 'signing_key_added', at: now, ...row }), subject: KEYS_SUBJECT },
    ...retired.map((k) => ({
      facts: keyFacts({ type: 'signing_key_retired', at: now, ...k }),
      subject: KEYS_SUBJECT,
    })),
  ]);
  await sql`select pg_notify(${KEYS_CHANNEL}, ${row.kid})`.execute(trx);
}
