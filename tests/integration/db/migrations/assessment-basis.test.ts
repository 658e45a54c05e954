import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../../../db/platform/migrate.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';

const NAME = '2026-12-03T1510-assessment-basis';

// An installation from before per-criterion bases: every existing result takes its certification's
// assurance level, and the organisation page function learns to return it.
describe.each(DIALECTS)('migration assessment-basis on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(() => h?.close());

  it('backfills every assessment from its certification level, and goes down and up again', async () => {
    while ((await migrationState(h.db)).applied.includes(NAME)) await migrateDown(h.db);
    const db = h.db as Kysely<any>;
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'assessment'`.execute(db);
    expect(columns.rows.map((c) => c.column_name)).not.toContain('basis');
    const org = (
      await sql<{ id: number }>`
      insert into organisation (slug, legal_name, country, registry_id, city)
      values ('basis-12345670', 'Basis B.V.', 'NL', '12345670', 'Delft') returning id`.execute(db)
    ).rows[0]!;
    const levels = ['audited', 'reviewed'] as const;
    for (const [i, level] of levels.entries()) {
      const cert = (
        await sql<{ id: number }>`
        insert into certification (public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until)
        select ${`basiscert${i}abc`}, ${org.id}, id, 'active', ${level}, '2026-01-01', '2027-01-01'
        from scheme where slug = ${i === 0 ? 'ksf-service-promises' : 'happy-customer'} returning id`.execute(
          db,
        )
      ).rows[0]!;
      await sql`insert into assessment (certification_id, criterion_id, result, assessor, assessed_at)
                select ${cert.id}, k.id, 'met', 'old', '2026-01-01' from criterion k
                join certification c on c.scheme_version_id = k.scheme_version_id where c.id = ${cert.id}`.execute(
        db,
      );
    }

    expect(await migrateToLatest(h.db)).toContain(NAME);

    const { rows } = await sql<{ level: string; basis: string; n: number }>`
      select c.assurance_level as level, a.basis, count(*)::int as n
      from assessment a join certification c on c.id = a.certification_id
      where c.organisation_id = ${org.id} group by 1, 2 order by 1`.execute(db);
    expect(rows).toEqual([
      { level: 'audited', basis: 'audited', n: 7 },
      { level: 'reviewed', basis: 'reviewed', n: 7 },
    ]);
    const page = (await organisationPage(h.db, 'basis-12345670', new Date('2026-06-01T00:00:00Z')))!;
    expect(
      page.certifications.map((c) => [c.assuranceLevel, new Set(c.criteria.map((k) => k.basis))]),
    ).toEqual(
      expect.arrayContaining([
        ['audited', new Set(['audited'])],
        ['reviewed', new Set(['reviewed'])],
      ]),
    );
  });
});
