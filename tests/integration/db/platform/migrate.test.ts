import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../../../db/platform/migrate.ts';
import { migrations } from '../../../../db/migrations/index.ts';

describe.each(DIALECTS)('migrations on %s', (kind) => {
  let h: TestDatabase;
  beforeEach(async () => {
    h = await openTestDatabase(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('are current on a migrated database', async () => {
    expect(await migrationState(h.db)).toEqual({
      applied: Object.keys(migrations),
      pending: [],
      unknown: [],
    });
    expect(await migrateToLatest(h.db)).toEqual([]);
  });

  it('go down and up again', async () => {
    const names = Object.keys(migrations);
    for (let i = 0; i < names.length; i++) await migrateDown(h.db);
    expect((await migrationState(h.db)).applied).toEqual([]);
    expect(await migrateToLatest(h.db)).toEqual(names);
  });

  it('refuse a database written by a newer version', async () => {
    await h.db
      .insertInto('kysely_migration' as never)
      .values({ name: '2099-01-01T0000-from-the-future', timestamp: new Date().toISOString() } as never)
      .execute();
    await expect(migrateToLatest(h.db)).rejects.toMatchObject({
      code: 'schema_too_new',
      message: expect.stringContaining('2099-01-01T0000-from-the-future'),
    });
  });
});
