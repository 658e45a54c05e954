import type { Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';

/**
 * The stored outcome of a POST sent with an Idempotency-Key, per principal: a retry with the same
 * key and body gets the stored response instead of a second effect. `status` is null while the
 * first request is still running.
 */
export interface IdempotencyKeyTable {
  principal: string;
  key: string;
  method: string;
  path: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  request_hash: string;
  status: number | null;
  response_body: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type NewIdempotencyKeyRow = Insertable<IdempotencyKeyTable>;
