import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface SignalBatchRow {
  organisationId: number;
  certificationId: number | null;
  host: string;
  hits: number;
  firstSeen: Date;
  lastSeen: Date;
}

/** Adds buffered sightings of badges on foreign hosts: one row per organisation and host. */
export async function recordSignals(db: Kysely<Database>, rows: readonly SignalBatchRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into misuse_report (organisation_id, certification_id, source, kind, host, hits, first_seen, last_seen)
    select organisation_id, certification_id, 'badge_referer', 'foreign_domain', host, hits, first_seen, last_seen
    from unnest(${rows.map((r) => r.organisationId)}::int[], ${rows.map((r) => r.certificationId)}::int[],
                ${rows.map((r) => r.host)}::text[], ${rows.map((r) => r.hits)}::int[],
                ${rows.map((r) => r.firstSeen)}::timestamptz[], ${rows.map((r) => r.lastSeen)}::timestamptz[])
      as u(organisation_id, certification_id, host, hits, first_seen, last_seen)
    on conflict (organisation_id, host) where source = 'badge_referer'
    do update set hits = misuse_report.hits + excluded.hits,
                  first_seen = least(misuse_report.first_seen, excluded.first_seen),
                  last_seen = greatest(misuse_report.last_seen, excluded.last_seen)`.execute(db);
}
