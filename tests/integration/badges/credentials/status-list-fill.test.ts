import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareRegistry } from '../../../helpers/registry-fixture.ts';
import { openKeyStore } from '../../../../badges/credentials/key-store.ts';
import { issueMissingCredentials } from '../../../../badges/credentials/reissue.ts';
import { statusListFill } from '../../../../db/certification/credentials.ts';

// Issuing reads how full the highest status list is from status_list_fill instead of counting the
// list's credentials; the count must stay what counting would say, in chunked issue runs too.
describe.each(DIALECTS)('status-list fill on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await prepareRegistry(db.db);
  });
  afterAll(() => db?.close());

  async function counted() {
    const { rows } = await sql<{ list: number; n: number }>`
      select status_list as list, count(*)::int as n from credential group by status_list order by 1`.execute(
      db.db,
    );
    return rows.map((r) => ({ list: r.list, used: r.n }));
  }

  it('counts every credential the issuer places, and reissues do not double-count', async () => {
    expect(await statusListFill(db.db)).toEqual({ list: 1, used: 0 });
    const keys = await openKeyStore(db.db, {
      publicUrl: 'http://127.0.0.1:4321',
      alg: 'RS256',
      keyFile: null,
      dataDir: 'memory://',
    });
    const issuer = { keys, publicUrl: 'http://127.0.0.1:4321' };
    const first = await issueMissingCredentials(db.db, issuer, new Date());
    expect(first).toBeGreaterThan(0);
    const fill = await db.db
      .selectFrom('status_list_fill')
      .select(['list', 'used'])
      .orderBy('list')
      .execute();
    expect(fill).toEqual(await counted());
    expect(await statusListFill(db.db)).toEqual({ list: 1, used: first });
    // Nothing missing any more: a second run issues nothing and counts nothing.
    expect(await issueMissingCredentials(db.db, issuer, new Date())).toBe(0);
    expect(await statusListFill(db.db)).toEqual({ list: 1, used: first });
  });
});
