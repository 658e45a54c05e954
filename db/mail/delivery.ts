import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MailMessage } from '../schema/mail-message.table.ts';

/**
 * Claims up to `limit` due messages for one sender. The claim is the row's next_attempt_at moved
 * `leaseSeconds` ahead (and one attempt counted) in one short statement: `for update skip locked`
 * lets senders on other instances claim other rows meanwhile, and a sender that dies holding a
 * claim simply lets it run out, after which the message is due again. Attempts are counted at
 * the claim, so a message that crashes its sender every time still reaches the attempt limit.
 */
export async function claimDueMail(
  db: Kysely<Database>,
  options: { now: Date; leaseSeconds: number; limit: number },
): Promise<MailMessage[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseSeconds * 1000);
  return db
    .updateTable('mail_message')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where(
      'id',
      'in',
      db
        .selectFrom('mail_message')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', options.now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
}

/** The message left: its secrets are dropped, since nobody needs a sign-in link twice. */
export async function markMailSent(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db
    .updateTable('mail_message')
    .set({ status: 'sent', sent_at: now, secret_params: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A failure worth retrying: due again at `retryAt`. */
export async function markMailRetry(
  db: Kysely<Database>,
  id: string,
  error: string,
  retryAt: Date,
): Promise<void> {
  await db
    .updateTable('mail_message')
    .set({ next_attempt_at: retryAt, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * A failure that retrying will not mend (refused by the server, unknown template, too many
 * attempts): shown to staff in the outbox. Its secrets are dropped too, since it will never leave.
 */
export async function markMailFailed(db: Kysely<Database>, id: string, error: string): Promise<void> {
  await db
    .updateTable('mail_message')
    .set({ status: 'failed', last_error: error.slice(0, 1000), secret_params: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Messages by status, for /metrics and the admin overview. */
export async function countMailByStatus(
  db: Kysely<Database>,
): Promise<Record<'pending' | 'sent' | 'failed', number>> {
  const rows = await db
    .selectFrom('mail_message')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
