import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ReportState } from '../schema/misuse-report.table.ts';

export interface Sighting {
  id: number;
  host: string;
  firstSeen: Date;
  lastSeen: Date;
  hits: number;
  state: ReportState;
}

/** Sightings listed on the member page, most recent first; older ones stay in the staff queue. */
export const SIGHTINGS_LISTED = 200;

/** Where the organisation's badge was seen on hosts that were not its domains at the time. */
export async function sightingsOf(db: Kysely<Database>, organisationId: number): Promise<Sighting[]> {
  const rows = await db
    .selectFrom('misuse_report')
    .select(['id', 'host', 'first_seen', 'last_seen', 'hits', 'state'])
    .where('organisation_id', '=', organisationId)
    .where('source', '=', 'badge_referer')
    .where('host', 'is not', null)
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(SIGHTINGS_LISTED)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    host: r.host!,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    hits: r.hits,
    state: r.state,
  }));
}

/** One sighting of the organisation by id, or null (another organisation's does not exist for it). */
export async function sightingOf(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<Sighting | null> {
  const r = await db
    .selectFrom('misuse_report')
    .select(['id', 'host', 'first_seen', 'last_seen', 'hits', 'state'])
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .where('source', '=', 'badge_referer')
    .executeTakeFirst();
  if (!r || !r.host) return null;
  return {
    id: r.id,
    host: r.host,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    hits: r.hits,
    state: r.state,
  };
}

/**
 * Hosts first seen on the organisation's badge within (since, until], for the daily digest, most
 * hits first.
 */
export async function newSightingsBetween(
  db: Kysely<Database>,
  organisationId: number,
  since: Date,
  until: Date,
): Promise<Array<{ host: string; hits: number; firstSeen: Date }>> {
  const rows = await db
    .selectFrom('misuse_report')
    .select(['host', 'hits', 'first_seen'])
    .where('organisation_id', '=', organisationId)
    .where('source', '=', 'badge_referer')
    .where('host', 'is not', null)
    .where('first_seen', '>', since)
    .where('first_seen', '<=', until)
    .orderBy('hits', 'desc')
    .orderBy('host')
    .limit(SIGHTINGS_LISTED)
    .execute();
  return rows.map((r) => ({ host: r.host!, hits: r.hits, firstSeen: r.first_seen }));
}
