import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { inTransaction } from '../platform/transaction.ts';

export interface SignalBatchRow {
  organisationId: number;
  certificationId: number | null;
  host: string;
  hits: number;
  firstSeen: Date;
  lastSeen: Date;
}

/**
 * How many hosts not yet on record a flush may add. A Referer is whatever the requester writes,
 * so without a bound one script fills the table and the staff queue with invented hosts.
 */
export interface SignalLimits {
  /** New hosts per organisation per UTC day, counted in the database (all instances, restarts). */
  newHostsPerDay: number;
  /** New hosts in one flush, over all organisations. */
  newHostsPerFlush: number;
}

export interface SignalOutcome {
  /** Rows added to or updated. */
  recorded: number;
  /** New hosts left out because a limit was reached. */
  dropped: number;
}

// Arbitrary but fixed: flushes of every instance serialise on it, so two cannot both fill the
// same organisation's daily allowance.
const SIGNAL_LOCK = 7_355_611;

function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Adds buffered sightings of badges on foreign hosts, one row per organisation and host. Hosts
 * already on record are always counted; new ones only within `limits` (the most-seen first).
 */
export async function recordSignals(
  db: Kysely<Database>,
  rows: readonly SignalBatchRow[],
  limits: SignalLimits,
  now: Date,
): Promise<SignalOutcome> {
  if (rows.length === 0) return { recorded: 0, dropped: 0 };
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${SIGNAL_LOCK})`.execute(trx);
    const known = await sql<{ organisation_id: number; host: string }>`
      update misuse_report m
      set hits = m.hits + u.hits,
          first_seen = least(m.first_seen, u.first_seen),
          last_seen = greatest(m.last_seen, u.last_seen)
      from unnest(${rows.map((r) => r.organisationId)}::int[], ${rows.map((r) => r.host)}::text[],
                  ${rows.map((r) => r.hits)}::int[], ${rows.map((r) => r.firstSeen)}::timestamptz[],
                  ${rows.map((r) => r.lastSeen)}::timestamptz[])
        as u(organisation_id, host, hits, first_seen, last_seen)
      where m.source = 'badge_referer' and m.organisation_id = u.organisation_id and m.host = u.host
      returning m.organisation_id, m.host`.execute(trx);
    const onRecord = new Set(known.rows.map((r) => `${r.organisation_id}|${r.host}`));
    const fresh = rows.filter((r) => !onRecord.has(`${r.organisationId}|${r.host}`));
    if (fresh.length === 0) return { recorded: known.rows.length, dropped: 0 };

    const orgIds = [...new Set(fresh.map((r) => r.organisationId))];
    const today = await sql<{ organisation_id: number; n: number }>`
      select organisation_id, count(*)::int as n from misuse_report
      where source = 'badge_referer' and organisation_id = any(${orgIds}::int[])
        and first_seen >= ${utcDayStart(now)}
      group by organisation_id`.execute(trx);
    const room = new Map(orgIds.map((id) => [id, limits.newHostsPerDay]));
    for (const r of today.rows) room.set(r.organisation_id, limits.newHostsPerDay - r.n);
    // Most-seen first: when a limit cuts, the hosts that show the badge most are the ones kept.
    const admitted: SignalBatchRow[] = [];
    for (const r of [...fresh].sort((a, b) => b.hits - a.hits)) {
      if (admitted.length >= limits.newHostsPerFlush) break;
      const left = room.get(r.organisationId)!;
      if (left <= 0) continue;
      room.set(r.organisationId, left - 1);
      admitted.push(r);
    }
    if (admitted.length > 0)
      await sql`
        insert into misuse_report (organisation_id, certification_id, source, kind, host, hits, first_seen, last_seen)
        select organisation_id, certification_id, 'badge_referer', 'foreign_domain', host, hits, first_seen, last_seen
        from unnest(${admitted.map((r) => r.organisationId)}::int[], ${admitted.map((r) => r.certificationId)}::int[],
                    ${admitted.map((r) => r.host)}::text[], ${admitted.map((r) => r.hits)}::int[],
                    ${admitted.map((r) => r.firstSeen)}::timestamptz[], ${admitted.map((r) => r.lastSeen)}::timestamptz[])
          as u(organisation_id, certification_id, host, hits, first_seen, last_seen)
        on conflict (organisation_id, host) where source = 'badge_referer'
        do update set hits = misuse_report.hits + excluded.hits,
                      last_seen = greatest(misuse_report.last_seen, excluded.last_seen)`.execute(trx);
    return { recorded: known.rows.length + admitted.length, dropped: fresh.length - admitted.length };
  });
}
