import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

/** What one member of one organisation wants to hear about it by e-mail. */
export interface NotificationPreferenceTable {
  organisation_id: number;
  member_user_id: number;
  /** A message on every status change of the organisation's certifications. */
  status_changes: Generated<boolean>;
  /** A daily digest of foreign hosts the badge was newly seen on. */
  digest: Generated<boolean>;
  /** Hosts first seen after this are news for the next digest; moved on by each digest sent. */
  digest_since: GeneratedTimestamp;
}
export type NotificationPreference = Selectable<NotificationPreferenceTable>;
export type NewNotificationPreference = Insertable<NotificationPreferenceTable>;
export type NotificationPreferenceUpdate = Updateable<NotificationPreferenceTable>;
