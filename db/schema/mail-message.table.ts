import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Language } from '../vocabulary.ts';
import type { GeneratedTimestamp, Json, Timestamp } from './common.ts';

export type MailStatus = 'pending' | 'sent' | 'failed';
/** Template parameters: plain values only, so a message renders the same after a restart. */
export type MailParams = Record<string, string | number | boolean | null>;

export interface MailMessageTable {
  id: Generated<string>;
  /** The RFC 5322 Message-ID, fixed when the row is written, so a resend after a crash is recognisable. */
  message_id: string;
  to_address: string;
  language: Language;
  template: string;
  params: Json<MailParams>;
  /** Links that sign someone in or accept an invitation: never shown, cleared once sent. */
  secret_params: ColumnType<MailParams | null, string | null | undefined, string | null>;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
}
export type MailMessage = Selectable<MailMessageTable>;
export type NewMailMessage = Insertable<MailMessageTable>;
export type MailMessageUpdate = Updateable<MailMessageTable>;
