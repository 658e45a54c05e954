import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';
import type { AssuranceLevel, StoredStatus } from '../vocabulary.ts';

/** What is stored. `expired` is never stored: it is derived from valid_until on read. */
export type { AssuranceLevel, StoredStatus };

export interface CertificationTable {
  id: Generated<number>;
  /** Stable public id used in badge and verify URLs; survives renewals. */
  public_id: string;
  organisation_id: number;
  scheme_id: number;
  /** The scheme version it was last assessed against (granted or renewed on). */
  scheme_version_id: ColumnType<number, number | undefined, number>;
  status: StoredStatus;
  assurance_level: AssuranceLevel;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  /**
   * Set while a renewal under review keeps the certification valid past its period: the end of
   * the regular period. valid_until is then the end of the grace period (migration
   * 2026-12-03T1440-renewal-grace-objection). A new period clears it.
   */
  grace_from: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /**
   * The organisation's legal name, copied by triggers on insert and on every rename (migration
   * 2026-12-03T1520-scheme-page-order) so a scheme's certified organisations come from one index in
   * name order. Never written by code.
   */
  organisation_name: Generated<string>;
  /** Bumped on every change; part of the badge cache key. */
  version: Generated<number>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export type CertificationRow = Selectable<CertificationTable>;
export type NewCertification = Insertable<CertificationTable>;
export type CertificationUpdate = Updateable<CertificationTable>;
