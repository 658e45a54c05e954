import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { Language } from '../vocabulary.ts';
import { inTransaction } from '../platform/transaction.ts';
import { enqueueMail } from '../mail/outbox.ts';

/** Days before valid_until at which members are reminded, largest first. */
export const REMINDER_DAYS = [60, 30, 7] as const;

const DAY_MS = 86_400_000;

/**
 * The reminder due for a certification with `validUntil` at `now`: the smallest reminder day that
 * is not before now, or null outside the window. So a job that first runs 20 days before sends the
 * 30-day reminder only, never a late 60-day one.
 */
export function dueReminder(validUntil: Date, now: Date): { daysBefore: number; daysLeft: number } | null {
  const daysLeft = Math.ceil((validUntil.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft <= 0) return null;
  const stages = [...REMINDER_DAYS].sort((a, b) => a - b);
  const daysBefore = stages.find((days) => daysLeft <= days);
  return daysBefore === undefined ? null : { daysBefore, daysLeft };
}

export interface ReminderCandidate {
  certificationId: number;
  publicId: string;
  validUntil: Date;
  organisation: string;
  organisationSlug: string;
  scheme: LocalisedText;
  memberUserId: number;
  email: string;
  name: string;
  language: Language;
}

/**
 * Members (owners and editors) of organisations whose active certification ends within the
 * largest reminder window, each with the certification. Suspended, revoked and pending ones are
 * left out: only a granted certification is worth renewing on time.
 */
export async function reminderCandidates(db: Kysely<Database>, now: Date): Promise<ReminderCandidate[]> {
  const horizon = new Date(now.getTime() + Math.max(...REMINDER_DAYS) * DAY_MS);
  const rows = await db
    .selectFrom('certification as c')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .innerJoin('organisation_member as m', 'm.organisation_id', 'o.id')
    .innerJoin('member_user as u', 'u.id', 'm.member_user_id')
    .select([
      'c.id as certificationId',
      'c.public_id as publicId',
      'c.valid_until as validUntil',
      'o.legal_name as organisation',
      'o.slug as organisationSlug',
      's.name as scheme',
      'u.id as memberUserId',
      'u.email as email',
      'u.name as name',
      'u.language as language',
    ])
    .where('c.status', '=', 'active')
    .where('c.valid_until', '>', now)
    .where('c.valid_until', '<=', horizon)
    .orderBy('c.id')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({ ...row, validUntil: row.validUntil! }));
}

/**
 * Queues one reminder for one member, once: the reminder's row and its message are written in
 * one transaction, and the row's key (certification, period, day, member) makes a second writer
 * (another instance, a rerun) find it there and queue nothing. Returns whether it queued.
 */
export async function queueReminderOnce(
  db: Kysely<Database>,
  input: {
    candidate: ReminderCandidate;
    daysBefore: number;
    mail: Parameters<typeof enqueueMail>[1];
    messageDomain: string;
    now: Date;
  },
): Promise<boolean> {
  const { candidate } = input;
  return inTransaction(db, async (trx) => {
    const claimed = await trx
      .insertInto('certification_reminder')
      .values({
        certification_id: candidate.certificationId,
        valid_until: candidate.validUntil,
        days_before: input.daysBefore,
        member_user_id: candidate.memberUserId,
      })
      .onConflict((c) => c.doNothing())
      .returning('certification_id')
      .executeTakeFirst();
    if (!claimed) return false;
    const { id } = await enqueueMail(trx, input.mail, input.messageDomain, input.now);
    await trx
      .updateTable('certification_reminder')
      .set({ mail_message_id: id })
      .where('certification_id', '=', candidate.certificationId)
      .where('valid_until', '=', candidate.validUntil)
      .where('days_before', '=', input.daysBefore)
      .where('member_user_id', '=', candidate.memberUserId)
      .execute();
    return true;
  });
}
