import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { WebauthnChallenge } from '../schema/webauthn-challenge.table.ts';

/** How many open challenges one subject may hold per purpose (several tabs); older ones are dropped. */
const OPEN_PER_SUBJECT = 5;

/**
 * Stores a challenge by its hash, drops expired ones and the subject's oldest beyond the few it
 * may hold open, so reloading a page many times cannot fill the table.
 */
export async function storeChallenge(
  db: Kysely<Database>,
  row: { challengeHash: string; purpose: string; subject: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.deleteFrom('webauthn_challenge').where('expires_at', '<=', row.now).execute();
  await db
    .insertInto('webauthn_challenge')
    .values({
      challenge_hash: row.challengeHash,
      purpose: row.purpose,
      subject: row.subject,
      created_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
  const keep = db
    .selectFrom('webauthn_challenge')
    .select('challenge_hash')
    .where('subject', '=', row.subject)
    .where('purpose', '=', row.purpose)
    .orderBy('created_at', 'desc')
    .limit(OPEN_PER_SUBJECT);
  await db
    .deleteFrom('webauthn_challenge')
    .where('subject', '=', row.subject)
    .where('purpose', '=', row.purpose)
    .where('challenge_hash', 'not in', keep)
    .execute();
}

/**
 * Takes a challenge out of the table and returns what it was issued for. The delete is the
 * single-use guarantee: of two answers racing with one challenge, only one gets the row.
 */
export async function takeChallenge(
  db: Kysely<Database>,
  challengeHash: string,
): Promise<WebauthnChallenge | undefined> {
  return db
    .deleteFrom('webauthn_challenge')
    .where('challenge_hash', '=', challengeHash)
    .returningAll()
    .executeTakeFirst();
}
