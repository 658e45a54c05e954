import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';
import type { Role } from './staff-user.table.ts';

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: Role;
  /** SHA-256 of the token; the token is shown once at creation. */
  token_hash: string;
  created_by: string;
  /** The staff member the token acts for: their role caps its role, disabling them revokes it. Null only for tokens made before owners existed. */
  owner_id: number | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export type ApiToken = Selectable<ApiTokenTable>;
export type NewApiToken = Insertable<ApiTokenTable>;
export type ApiTokenUpdate = Updateable<ApiTokenTable>;
