import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Language } from '../vocabulary.ts';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export interface MemberUserTable {
  id: Generated<number>;
  /** Lower-case; unique across the registry. */
  email: string;
  name: string;
  language: Generated<Language>;
  created_at: GeneratedTimestamp;
  last_sign_in_at: Timestamp | null;
}
export type MemberUser = Selectable<MemberUserTable>;
export type NewMemberUser = Insertable<MemberUserTable>;
export type MemberUserUpdate = Updateable<MemberUserTable>;
