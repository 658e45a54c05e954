import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';

export interface QueuedEntry {
  subject: string | null;
  facts: Record<string, unknown>;
  bytes: number;
}

/** Every entry queued for the transparency log, in queue order, parsed. */
export async function queuedEntries(db: Kysely<Database>): Promise<QueuedEntry[]> {
  const rows = await db.selectFrom('log_pending').select(['entry', 'subject']).orderBy('id').execute();
  return rows.map((r) => {
    const text = Buffer.from(r.entry).toString('utf8');
    return { subject: r.subject, facts: JSON.parse(text) as Record<string, unknown>, bytes: r.entry.length };
  });
}

export async function queuedCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('log_pending')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
