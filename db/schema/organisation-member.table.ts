import type { Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

export type MemberRole = 'owner' | 'editor';

export interface OrganisationMemberTable {
  organisation_id: number;
  member_user_id: number;
  role: MemberRole;
  created_at: GeneratedTimestamp;
}
export type OrganisationMember = Selectable<OrganisationMemberTable>;
export type NewOrganisationMember = Insertable<OrganisationMemberTable>;
export type OrganisationMemberUpdate = Updateable<OrganisationMemberTable>;
