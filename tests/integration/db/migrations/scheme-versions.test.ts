import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../../../db/platform/migrate.ts';
import { findSchemeBySlug } from '../../../../db/scheme/schemes.ts';
import { seedSchemes } from '../../../../db/seed/scheme-files.ts';

const NAME = '2026-12-03T1100-scheme-versions';

// An installation from before schemes were versioned, with data: its schemes become version 1,
// every certification, assessment and credential rests on it, and KSF gains its French texts.
describe.each(DIALECTS)('migration scheme-versions on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(() => h?.close());

  it('makes every scheme version 1 and records it on existing certifications, assessments and credentials', async () => {
    while ((await migrationState(h.db)).applied.includes(NAME)) await migrateDown(h.db);
    const db = h.db as Kysely<any>;
    // The older installation: KSF seeded without French, one granted certification with results.
    await sql`update scheme set name = name - 'fr', description = description - 'fr' where slug = 'ksf-service-promises'`.execute(
      db,
    );
    await sql`update criterion set title = title - 'fr', description = description - 'fr'
              where scheme_id = (select id from scheme where slug = 'ksf-service-promises')`.execute(db);
    const org = (
      await sql<{ id: number }>`
      insert into organisation (slug, legal_name, country, registry_id, city)
      values ('oud-12345670', 'Oud B.V.', 'NL', '12345670', 'Delft') returning id`.execute(db)
    ).rows[0]!;
    const cert = (
      await sql<{ id: number }>`
      insert into certification (public_id, organisation_id, scheme_id, status, assurance_level, valid_from, valid_until)
      select 'oudcert2345', ${org.id}, id, 'active', 'self_declared', '2026-01-01', '2027-01-01'
      from scheme where slug = 'ksf-service-promises' returning id`.execute(db)
    ).rows[0]!;
    await sql`insert into assessment (certification_id, criterion_id, result, assessor, assessed_at)
              select ${cert.id}, k.id, 'met', 'old', '2026-01-01' from criterion k
              join scheme s on s.id = k.scheme_id where s.slug = 'ksf-service-promises'`.execute(db);
    await sql`insert into credential (id, certification_id, jwt, kid, status_list, status_index, valid_from, valid_until)
              values ('urn:uuid:00000000-0000-4000-8000-000000000001', ${cert.id}, 'x.y.z', 'k', 1, 7, '2026-01-01', '2027-01-01')`.execute(
      db,
    );

    expect(await migrateToLatest(h.db)).toContain(NAME);

    const { rows: versions } = await sql<{ slug: string; version: number; state: string; current: boolean }>`
      select s.slug, v.version, v.state, s.current_version_id = v.id as current
      from scheme_version v join scheme s on s.id = v.scheme_id order by s.slug`.execute(db);
    expect(versions).toEqual([
      { slug: 'happy-customer', version: 1, state: 'published', current: true },
      { slug: 'ksf-service-promises', version: 1, state: 'published', current: true },
    ]);
    const { rows: basis } = await sql<{ what: string; version: number }>`
      select 'certification' as what, v.version from certification c join scheme_version v on v.id = c.scheme_version_id where c.id = ${cert.id}
      union all select 'assessment', v.version from assessment a join scheme_version v on v.id = a.scheme_version_id where a.certification_id = ${cert.id}
      union all select 'credential', v.version from credential r join scheme_version v on v.id = r.scheme_version_id where r.certification_id = ${cert.id}`.execute(
      db,
    );
    expect(basis.filter((b) => b.what === 'assessment')).toHaveLength(7);
    expect(new Set(basis.map((b) => `${b.what}:${b.version}`))).toEqual(
      new Set(['certification:1', 'assessment:1', 'credential:1']),
    );
    // KSF's French arrived in version 1; the seed files are not read again.
    expect(await seedSchemes(h.db)).toEqual([]);
    for (const slug of ['ksf-service-promises', 'happy-customer']) {
      const scheme = (await findSchemeBySlug(h.db, slug))!;
      expect(Object.keys(scheme.name).sort(), slug).toEqual(['en', 'fr', 'nl']);
      expect(Object.keys(scheme.version.definition.description).sort(), slug).toEqual(['en', 'fr', 'nl']);
      for (const criterion of scheme.criteria)
        expect(Object.keys(criterion.title).sort(), `${slug} ${criterion.code}`).toEqual(['en', 'fr', 'nl']);
    }
    expect((await findSchemeBySlug(h.db, 'ksf-service-promises'))!.version.definition.name.fr).toBe(
      'Promesses de service KSF',
    );
    // The organisation page reads the criteria of the version each certification rests on.
    const { rows: page } = await sql<{
      page: unknown;
    }>`select keurmerk_organisation_page('oud-12345670') as page`.execute(db);
    const raw = page[0]!.page;
    const certification = (typeof raw === 'string' ? JSON.parse(raw) : raw).certifications[0];
    expect(certification.scheme_version).toBe(1);
    expect(certification.criteria).toHaveLength(7);
  });

  it('goes down and up again with that data', async () => {
    while ((await migrationState(h.db)).applied.includes(NAME)) await migrateDown(h.db);
    expect((await migrationState(h.db)).pending).toContain(NAME);
    expect(await migrateToLatest(h.db)).toContain(NAME);
  });
});
