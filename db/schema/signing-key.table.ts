import type { Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Json, Timestamp } from './common.ts';

export interface SigningKeyTable {
  /** The full kid URL: `{PUBLIC_URL}/keys/{thumbprint}`. */
  kid: string;
  thumbprint: string;
  alg: 'RS256' | 'ES256';
  public_jwk: Json<Record<string, unknown>>;
  /** Where the private key lives (a file path); never the key itself. */
  private_key_ref: string;
  created_at: GeneratedTimestamp;
  retired_at: Timestamp | null;
}
export type SigningKey = Selectable<SigningKeyTable>;
export type NewSigningKey = Insertable<SigningKeyTable>;
export type SigningKeyUpdate = Updateable<SigningKeyTable>;
