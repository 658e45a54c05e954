import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { encodeLogEntry } from './append.ts';

// Two parameters a row; PostgreSQL allows 65,535 per statement.
const ROWS_PER_STATEMENT = 5_000;

/**
 * Queues many entries in the given order, a few statements instead of one per entry (bulk
 * writers: CSV import, demo seed, backfill). Pass the transaction of the change they record.
 */
export async function appendLogEntries(
  db: Kysely<Database>,
  entries: ReadonlyArray<{ facts: Record<string, unknown>; subject: string | null }>,
): Promise<void> {
  for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
    const rows = entries
      .slice(start, start + ROWS_PER_STATEMENT)
      .map((e) => ({ entry: encodeLogEntry(e.facts), subject: e.subject }));
    // Identity values follow the order of the VALUES list, which is the order given.
    await db.insertInto('log_pending').values(rows).execute();
  }
}
