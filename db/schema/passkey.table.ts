import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './common.ts';

export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/** A WebAuthn credential of one staff member or one member user (exactly one of the two is set). */
export interface PasskeyTable {
  id: Generated<number>;
  staff_user_id: number | null;
  member_user_id: number | null;
  /** The credential id as the browser reports it (base64url). */
  credential_id: string;
  /** COSE public key, base64url: a public key, so no secret is stored here. */
  public_key: string;
  /** The authenticator's signature counter; int8, which pg reads back as a string. */
  counter: ColumnType<string | number, number | undefined, number>;
  transports: Json<string[]>;
  device_type: PasskeyDeviceType;
  backed_up: boolean;
  aaguid: string | null;
  /** Given by its owner ("laptop", "security key"), so several can be told apart. */
  name: string;
  created_at: GeneratedTimestamp;
  last_used_at: Timestamp | null;
}
export type PasskeyRow = Selectable<PasskeyTable>;
export type NewPasskey = Insertable<PasskeyTable>;
