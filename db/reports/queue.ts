import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MisuseReport, MisuseSource, ReportState } from '../schema/misuse-report.table.ts';
import { decodeCursor, encodeCursor, int4Id, isoTimestamp } from '../values/cursor.ts';
import { NotFoundError } from '../errors.ts';

export type AdminReport = MisuseReport & {
  organisation_slug: string | null;
  organisation_name: string | null;
};

/**
 * The report queue: consumer reports and badge-on-foreign-host signals, filtered by state and
 * source, most recently seen first (keyset on last_seen, id).
 */
export async function listReports(
  db: Kysely<Database>,
  f: { state: ReportState | null; source: MisuseSource | null; cursor: string | null; limit: number },
): Promise<{ rows: AdminReport[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('misuse_report as r')
    .leftJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select([
      'r.id',
      'r.organisation_id',
      'r.certification_id',
      'r.source',
      'r.kind',
      'r.host',
      'r.url',
      'r.message',
      'r.contact_email',
      'r.hits',
      'r.first_seen',
      'r.last_seen',
      'r.state',
      'r.handled_by',
      'r.created_at',
      'o.slug as organisation_slug',
      'o.legal_name as organisation_name',
    ])
    .orderBy('r.last_seen', 'desc')
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1);
  if (f.state) query = query.where('r.state', '=', f.state);
  if (f.source) query = query.where('r.source', '=', f.source);
  if (f.cursor) {
    const [when, id] = decodeCursor(f.cursor, [isoTimestamp, int4Id]);
    query = query.where((eb) =>
      eb.or([eb('r.last_seen', '<', when), eb.and([eb('r.last_seen', '=', when), eb('r.id', '<', id)])]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.last_seen.toISOString(), last.id]) : null,
  };
}

/** Moves a report to open, handled or dismissed, recording who did it. */
export async function setReportState(
  db: Kysely<Database>,
  id: number,
  state: ReportState,
  handledBy: string,
): Promise<MisuseReport> {
  const row = await db
    .updateTable('misuse_report')
    .set({ state, handled_by: state === 'open' ? null : handledBy })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError('report', String(id));
  return row;
}

/** Open reports per source, for the dashboard. */
export async function openReportCounts(db: Kysely<Database>): Promise<Record<MisuseSource, number>> {
  const rows = await db
    .selectFrom('misuse_report')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'open')
    .groupBy('source')
    .execute();
  const counts: Record<MisuseSource, number> = { consumer: 0, badge_referer: 0 };
  for (const r of rows) counts[r.source] = Number(r.n);
  return counts;
}
