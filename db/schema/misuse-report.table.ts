import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';
import type { MisuseKind, ReportState } from '../vocabulary.ts';

export type MisuseSource = 'badge_referer' | 'consumer';
export type { MisuseKind, ReportState };

/**
 * Both automatic signals (a badge seen on a foreign host, aggregated per organisation and host)
 * and consumer reports. Consumer text is never published, only counted.
 */
export interface MisuseReportTable {
  id: Generated<number>;
  organisation_id: number | null;
  certification_id: number | null;
  source: MisuseSource;
  kind: MisuseKind;
  host: string | null;
  url: string | null;
  message: string | null;
  contact_email: string | null;
  hits: Generated<number>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  state: Generated<ReportState>;
  handled_by: string | null;
  created_at: GeneratedTimestamp;
}
export type MisuseReport = Selectable<MisuseReportTable>;
export type NewMisuseReport = Insertable<MisuseReportTable>;
export type MisuseReportUpdate = Updateable<MisuseReportTable>;
