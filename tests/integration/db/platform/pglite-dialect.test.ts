import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';

// Kysely's own PGlite driver shares one connection between callers; ours queues them. Without the
// queue, the plain insert below would run inside the open transaction and vanish with its rollback.
describe('queued PGlite dialect', () => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase('pglite');
    await sql`create table probe (v text)`.execute(h.db);
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps a concurrent query out of another caller’s transaction', async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const tx = h.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into probe values ('in transaction')`.execute(trx);
        inside();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await entered;
    await sql`insert into probe values ('outside')`.execute(h.db);
    await tx;
    const rows = await sql<{ v: string }>`select v from probe`.execute(h.db);
    expect(rows.rows.map((r) => r.v)).toEqual(['outside']);
  });

  it('runs many concurrent queries without losing any', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => sql<{ n: number }>`select ${i}::int as n`.execute(h.db)),
    );
    expect(results.map((r) => r.rows[0]!.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
