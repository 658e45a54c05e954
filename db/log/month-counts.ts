// Entries per month for the transparency page, without counting the whole log per request: the
// log only grows, so each process keeps the counts up to the size it last saw and on the next
// request counts only the entries after it (a range scan of log_entry's primary key). A process
// pays for the full count once; after that a request costs one query over the new entries, or
// none when the checkpoint has not moved.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** `YYYY-MM` (UTC) → entries sequenced in that month. */
export type MonthCounts = ReadonlyMap<string, number>;

interface Cache {
  size: number;
  counts: Map<string, number>;
  running: Promise<void> | null;
}

const caches = new WeakMap<object, Cache>();

/** The number of entries below `size` sequenced per UTC month, oldest month first. */
export async function entriesPerMonth(db: Kysely<Database>, size: number): Promise<MonthCounts> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { size: 0, counts: new Map(), running: null }));
  while (cache.size < size) {
    // One counter per process at a time; others wait for it and then see the new size.
    if (cache.running) {
      await cache.running;
      continue;
    }
    const from = cache.size;
    const c = cache;
    c.running = (async () => {
      const { rows } = await sql<{ month: string; n: string | number }>`
        select to_char(sequenced_at at time zone 'UTC', 'YYYY-MM') as month, count(*) as n
        from log_entry where index >= ${from} and index < ${size}
        group by 1`.execute(db);
      for (const row of rows) c.counts.set(row.month, (c.counts.get(row.month) ?? 0) + Number(row.n));
      c.size = size;
    })().finally(() => {
      c.running = null;
    });
    await c.running;
  }
  return new Map([...cache.counts].sort(([a], [b]) => a.localeCompare(b)));
}
