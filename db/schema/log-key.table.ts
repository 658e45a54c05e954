import type { Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';

export interface LogKeyTable {
  id: Generated<number>;
  /** The signed-note key name: the log's origin, e.g. `keurmerk.example/log`. */
  name: string;
  /** The 4-byte signed-note key id, lower-case hex. */
  key_hash: string;
  /** The 32-byte Ed25519 public key. */
  public_key: Uint8Array;
  /** `name+keyhash+base64key`, as published at /log/key. */
  vkey: string;
  /** Where the private key lives (a file path or `memory:`); never the key itself. */
  private_key_ref: string;
  created_at: GeneratedTimestamp;
  retired_at: Timestamp | null;
}
export type LogKey = Selectable<LogKeyTable>;
export type NewLogKey = Insertable<LogKeyTable>;
