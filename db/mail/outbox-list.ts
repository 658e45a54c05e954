import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MailMessage, MailStatus } from '../schema/mail-message.table.ts';
import { decodeCursor, encodeCursor, int8Id } from '../values/cursor.ts';

export interface OutboxFilter {
  status: MailStatus | null;
  cursor: string | null;
  limit: number;
}

/** The outbox newest first, for the admin; a page ends at an id (ids grow with time). */
export async function listOutbox(
  db: Kysely<Database>,
  filter: OutboxFilter,
): Promise<{ rows: MailMessage[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('mail_message')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.cursor) {
    const [lastId] = decodeCursor(filter.cursor, [int8Id]);
    query = query.where('id', '<', String(lastId));
  }
  const rows = await query.execute();
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextCursor: more ? encodeCursor([Number(page.at(-1)!.id)]) : null };
}
