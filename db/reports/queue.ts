import { sql, type Kysely } from 'kysely';
import { inTransaction } from '../platform/transaction.ts';
import type { Database } from '../schema/database.ts';
import type { MisuseReport, MisuseSource, ReportState } from '../schema/misuse-report.table.ts';
import { decodeCursor, encodeCursor, int4Id, isoTimestamp } from '../values/cursor.ts';
import { NotFoundError } from '../errors.ts';

export type AdminReport = MisuseReport & {
  organisation_slug: string | null;
  organisation_name: string | null;
  /** Signals: the organisation's hosts in this state, most hits first (at most HOSTS_LISTED). */
  hosts: string[] | null;
  /** Signals: how many hosts the line stands for; 0 for a consumer report. */
  host_count: number;
};

/** Hosts named on one queue line; the line's count says how many there are in all. */
export const HOSTS_LISTED = 20;

/**
 * The report queue, most recently seen first (keyset on last_seen, id): consumer reports one per
 * row, badge-on-foreign-host signals one line per organisation and state with its hosts, summed
 * hits and first/last sighting. A line's id is its newest row's, and acting on it acts on the
 * whole line (setReportState), so staff handle an organisation once, not host by host.
 */
export async function listReports(
  db: Kysely<Database>,
  f: { state: ReportState | null; source: MisuseSource | null; cursor: string | null; limit: number },
): Promise<{ rows: AdminReport[]; nextCursor: string | null }> {
  const inState = f.state ? sql`and r.state = ${f.state}` : sql``;
  const consumer = sql`
    select r.id, r.organisation_id, r.certification_id, r.source, r.kind, r.host, r.url, r.message,
           r.contact_email, r.hits, r.first_seen, r.last_seen, r.state, r.handled_by, r.created_at,
           null::text[] as hosts, 0 as host_count
    from misuse_report r where r.source = 'consumer' ${inState}`;
  const signals = sql`
    select max(r.id) as id, r.organisation_id, max(r.certification_id) as certification_id,
           'badge_referer' as source, min(r.kind) as kind, null as host, null as url, null as message,
           null as contact_email, sum(r.hits)::int as hits, min(r.first_seen) as first_seen,
           max(r.last_seen) as last_seen, r.state, max(r.handled_by) as handled_by,
           min(r.created_at) as created_at,
           (array_agg(r.host order by r.hits desc, r.host))[1:${HOSTS_LISTED}] as hosts,
           count(*)::int as host_count
    from misuse_report r where r.source = 'badge_referer' ${inState}
    group by r.organisation_id, r.state`;
  const lines =
    f.source === 'consumer'
      ? consumer
      : f.source === 'badge_referer'
        ? signals
        : sql`${consumer} union all ${signals}`;
  let after = sql`true`;
  if (f.cursor) {
    const [when, id] = decodeCursor(f.cursor, [isoTimestamp, int4Id]);
    after = sql`(l.last_seen < ${when} or (l.last_seen = ${when} and l.id < ${id}))`;
  }
  const { rows } = await sql<AdminReport>`
    select l.*, o.slug as organisation_slug, o.legal_name as organisation_name
    from (${lines}) l left join organisation o on o.id = l.organisation_id
    where ${after}
    order by l.last_seen desc, l.id desc
    limit ${f.limit + 1}`.execute(db);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > f.limit && last ? encodeCursor([new Date(last.last_seen).toISOString(), last.id]) : null,
  };
}

/**
 * Moves a report to open, handled or dismissed, recording who did it. For a signal, the whole
 * queue line moves: every host of that organisation in the same state as the named row.
 */
export async function setReportState(
  db: Kysely<Database>,
  id: number,
  state: ReportState,
  handledBy: string,
): Promise<MisuseReport> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('misuse_report')
      .select(['source', 'organisation_id', 'state'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('report', String(id));
    let update = trx
      .updateTable('misuse_report')
      .set({ state, handled_by: state === 'open' ? null : handledBy });
    update =
      row.source === 'badge_referer' && row.organisation_id !== null
        ? update
            .where('source', '=', 'badge_referer')
            .where('organisation_id', '=', row.organisation_id)
            .where('state', '=', row.state)
        : update.where('id', '=', id);
    await update.execute();
    return trx.selectFrom('misuse_report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
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
