import type { Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

/** One expiry reminder sent to one member about one validity period: written with its message. */
export interface CertificationReminderTable {
  certification_id: number;
  /** The period the reminder is about: a renewal (new valid_until) gets reminders of its own. */
  valid_until: Timestamp;
  days_before: number;
  member_user_id: number;
  mail_message_id: string | null;
  created_at: GeneratedTimestamp;
}
export type CertificationReminder = Selectable<CertificationReminderTable>;
export type NewCertificationReminder = Insertable<CertificationReminderTable>;
