import type { ColumnType, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/** A staff member's TOTP authenticator: pending until confirmed by a first code. */
export interface StaffTotpTable {
  staff_user_id: number;
  /** The base32 secret sealed with AES-256-GCM (see api/auth/second-factor/totp-seal.ts); never in clear. */
  secret_sealed: string;
  confirmed_at: Timestamp | null;
  /** The last 30-second step a code was accepted for: a code is never accepted twice. int8 (pg: string). */
  last_used_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}
export type StaffTotp = Selectable<StaffTotpTable>;
