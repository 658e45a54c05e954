import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MailParams } from '../schema/mail-message.table.ts';
import type { Language } from '../vocabulary.ts';

/** Announced (after commit) when a message is queued, so a sender delivers it without waiting to poll. */
export const MAIL_CHANNEL = 'mail_queued';

export interface OutgoingMail {
  to: string;
  language: Language;
  /** A name registered in api/mail/templates/index.ts. */
  template: string;
  params?: MailParams;
  /** Values that must never be shown or logged (sign-in and invitation links). */
  secretParams?: MailParams;
}

/**
 * Writes a message to the outbox. Pass the transaction of the change that causes the message, so
 * the message exists exactly when the change does; the sender loop delivers it after commit.
 * `messageDomain` is the registry's host, used in the Message-ID.
 */
export async function enqueueMail(
  db: Kysely<Database>,
  mail: OutgoingMail,
  messageDomain: string,
  now: Date,
): Promise<{ id: string; messageId: string }> {
  const messageId = `<${randomUUID()}@${messageDomain}>`;
  const row = await db
    .insertInto('mail_message')
    .values({
      message_id: messageId,
      to_address: mail.to,
      language: mail.language,
      template: mail.template,
      params: JSON.stringify(mail.params ?? {}),
      secret_params: mail.secretParams ? JSON.stringify(mail.secretParams) : null,
      next_attempt_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Delivered on commit, and only then: a message of a rolled-back change wakes nobody.
  await sql`select pg_notify(${MAIL_CHANNEL}, '')`.execute(db);
  return { id: String(row.id), messageId };
}
