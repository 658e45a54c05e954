import type { Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';
import type { MemberRole } from './organisation-member.table.ts';

export type MemberTokenPurpose = 'sign_in' | 'invitation' | 'email_change';

/**
 * One-time member links: sign-in (15 minutes), invitation (7 days), e-mail change (to the new
 * address). Only the SHA-256 of the token is kept; the token itself travels in the e-mail.
 */
export interface MemberTokenTable {
  token_hash: string;
  purpose: MemberTokenPurpose;
  /** The address the link was sent to (lower-case): the invitee, the new address of a change. */
  email: string;
  member_user_id: number | null;
  /** Invitations: the organisation and the role offered. */
  organisation_id: number | null;
  role: MemberRole | null;
  /** Who invited (audit actor name), shown in the invitation. */
  invited_by: string | null;
  /** The requesting client's network (db/values/client-network.ts), for the per-client limit. */
  client_network: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export type MemberToken = Selectable<MemberTokenTable>;
export type NewMemberToken = Insertable<MemberTokenTable>;
