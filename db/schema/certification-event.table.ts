import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './common.ts';
import type { StoredStatus } from './certification.table.ts';
import type { EventKind } from '../vocabulary.ts';

export type { EventKind };

/** Append-only; each row carries the hash of the previous row, so edits to history are detectable. */
export interface CertificationEventTable {
  id: Generated<number>;
  certification_id: number;
  kind: EventKind;
  from_status: StoredStatus | null;
  to_status: StoredStatus;
  actor: string;
  reason: string;
  occurred_at: Timestamp;
  prev_hash: string;
  hash: string;
}
export type CertificationEvent = Selectable<CertificationEventTable>;
export type NewCertificationEvent = Insertable<CertificationEventTable>;
