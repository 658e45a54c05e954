import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { EventKind } from '../schema/certification-event.table.ts';
import { decodeCursor, encodeCursor, int4Id } from '../values/cursor.ts';

export interface AdminEvent {
  id: number;
  publicId: string;
  organisationSlug: string;
  organisationName: string;
  kind: EventKind;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  reason: string;
  occurredAt: Date;
  hash: string;
}

// The columns and joins of an admin event row, shared by the paged log and the overview.
const EVENT_ROWS = sql`
    select e.id, c.public_id as "publicId", o.slug as "organisationSlug", o.legal_name as "organisationName",
           e.kind, e.from_status as "fromStatus", e.to_status as "toStatus", e.actor, e.reason,
           e.occurred_at as "occurredAt", e.hash
    from certification_event e join certification c on c.id = e.certification_id
    join organisation o on o.id = c.organisation_id`;

/** The event log for staff (actors included), newest first, keyset-paged on id. */
export async function listEvents(
  db: Kysely<Database>,
  f: { publicId: string | null; kind: EventKind | null; cursor: string | null; limit: number },
): Promise<{ rows: AdminEvent[]; nextCursor: string | null }> {
  const where = [sql`true`];
  if (f.publicId) where.push(sql`c.public_id = ${f.publicId}`);
  if (f.kind) where.push(sql`e.kind = ${f.kind}`);
  if (f.cursor) where.push(sql`e.id < ${decodeCursor(f.cursor, [int4Id])[0]}`);
  const { rows } = await sql<AdminEvent>`
    ${EVENT_ROWS}
    where ${sql.join(where, sql` and `)}
    order by e.id desc limit ${f.limit + 1}`.execute(db);
  const page = rows.slice(0, f.limit);
  return { rows: page, nextCursor: rows.length > f.limit ? encodeCursor([page.at(-1)!.id]) : null };
}

/**
 * The latest changes for the admin overview: newest first by the time they happened, then by id.
 * Not the log's id order: ids follow insertion, and an import or the demo seeder writes events of
 * the past after recent ones. Served by the certification_event_time index.
 */
export async function latestEvents(db: Kysely<Database>, limit: number): Promise<AdminEvent[]> {
  const { rows } = await sql<AdminEvent>`
    ${EVENT_ROWS}
    order by e.occurred_at desc, e.id desc limit ${limit}`.execute(db);
  return rows;
}
