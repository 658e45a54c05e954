import type { Generated, Insertable, Selectable } from 'kysely';
import type { Json, Timestamp } from './common.ts';

export type ActorKind = 'staff' | 'token' | 'cli' | 'system' | 'anonymous' | 'member';
export type AuditOutcome = 'success' | 'denied' | 'failed' | 'error';

/**
 * Append-only record of every admin action, login and token use. Each row carries the hash of
 * the previous one (as certification events do), so deleting or editing a row is detectable.
 */
export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  /** Who, as shown to staff: `alice@example.org`, `token:ci`, `cli:root`, `anonymous`. */
  actor: string;
  actor_kind: ActorKind;
  /** Dotted action name, e.g. `certification.revoke`, `auth.login`. */
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  client_address: string | null;
  request_id: string | null;
  /** Non-secret context (error code, reason, counts); never passwords or tokens. */
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
