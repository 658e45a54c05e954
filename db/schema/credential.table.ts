import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export interface CredentialTable {
  /** The credential id, a `urn:uuid:`. */
  id: string;
  certification_id: number;
  /** The scheme version the credential asserts (its achievement names it). */
  scheme_version_id: ColumnType<number, number | undefined, number>;
  jwt: string;
  kid: string;
  status_list: number;
  status_index: number;
  valid_from: Timestamp;
  valid_until: Timestamp;
  issued_at: GeneratedTimestamp;
  /** Set when a newer credential replaces this one (renewal, key rotation, reinstatement). */
  superseded_at: Timestamp | null;
  /** Set when the status-list bit of this credential is set (revocation or suspension). */
  revoked_at: Timestamp | null;
}
export type Credential = Selectable<CredentialTable>;
export type NewCredential = Insertable<CredentialTable>;
export type CredentialUpdate = Updateable<CredentialTable>;
