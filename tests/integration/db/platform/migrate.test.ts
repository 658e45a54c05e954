import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
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

  it('give existing tokens their creator as owner and clear reversible report keys', async () => {
    const name = '2026-12-03T0900-accounts-and-tokens';
    while ((await migrationState(h.db)).applied.includes(name)) await migrateDown(h.db);
    const db = h.db as Kysely<any>;
    const { id: staffId } = await db
      .insertInto('staff_user')
      .values({ email: 'maker@keurmerk.test', display_name: 'Maker', role: 'admin', password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = (tokenName: string, createdBy: string, minute: number) =>
      db
        .insertInto('api_token')
        .values({
          name: tokenName,
          role: 'viewer',
          token_hash: `${tokenName}-hash`,
          created_by: createdBy,
          created_at: new Date(Date.UTC(2026, 10, 24, 10, minute)),
        })
        .execute();
    await token('by-staff', 'maker@keurmerk.test', 0);
    await token('by-token', 'token:by-staff', 1);
    await token('by-token-twice', 'token:by-token', 2);
    await token('by-cli', 'cli:root', 3);
    await sql`insert into misuse_report (source, kind, message, first_seen, last_seen, client_key)
              values ('consumer', 'broken_promise', 'old', now(), now(), 'reversible')`.execute(db);

    await migrateToLatest(h.db);
    const owners = await db.selectFrom('api_token').select(['name', 'owner_id']).orderBy('name').execute();
    expect(owners).toEqual([
      { name: 'by-cli', owner_id: null },
      { name: 'by-staff', owner_id: staffId },
      { name: 'by-token', owner_id: staffId },
      { name: 'by-token-twice', owner_id: staffId },
    ]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from misuse_report where client_key is not null`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });

  it('2026-12-03T0910 strips bidi controls from names and cities stored before it', async () => {
    const bidi = '2026-12-03T0910-strip-bidi-controls';
    while ((await migrationState(h.db)).applied.includes(bidi)) await migrateDown(h.db);
    expect((await migrationState(h.db)).pending[0]).toBe(bidi);
    const evil = '\u202e';
    await h.db
      .insertInto('organisation')
      .values([
        {
          slug: 'bidi-12345678',
          legal_name: `Moc ${evil}Bank\u202c B.V.`,
          trade_names: [`${evil}knaB`, '\u2066\u2069', 'Plain'],
          country: 'NL',
          registry_id: '12345678',
          city: `Utr\u2067echt\u2069`,
        },
        {
          slug: 'only-87654321',
          legal_name: '\u202a\u202c',
          country: 'NL',
          registry_id: '87654321',
          city: 'Gent',
        },
        {
          slug: 'clean-11223344',
          legal_name: 'Schoon \u200f B.V.',
          country: 'NL',
          registry_id: '11223344',
          city: 'Ede',
        },
      ])
      .execute();
    await migrateToLatest(h.db);
    const rows = await h.db
      .selectFrom('organisation')
      .select(['slug', 'legal_name', 'trade_names', 'city'])
      .where('slug', 'in', ['bidi-12345678', 'only-87654321', 'clean-11223344'])
      .orderBy('slug')
      .execute();
    expect(rows).toEqual([
      { slug: 'bidi-12345678', legal_name: 'Moc Bank B.V.', trade_names: ['knaB', 'Plain'], city: 'Utrecht' },
      // Marks (U+200F) are not controls: left as they were.
      { slug: 'clean-11223344', legal_name: 'Schoon \u200f B.V.', trade_names: [], city: 'Ede' },
      { slug: 'only-87654321', legal_name: '(87654321)', trade_names: [], city: 'Gent' },
    ]);
    // The search columns follow: the cleaned name is found.
    const found = await h.db
      .selectFrom('organisation')
      .select('slug')
      .where(sql<boolean>`search_compact like '%mocbank%'`)
      .execute();
    expect(found.map((r) => r.slug)).toContain('bidi-12345678');
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
