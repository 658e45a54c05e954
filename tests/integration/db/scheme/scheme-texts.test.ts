import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { seedSchemes } from '../../../../db/seed/scheme-files.ts';
import { findSchemeBySlug } from '../../../../db/scheme/schemes.ts';

// Both seeded schemes carry nl, en and fr texts. An installation seeded before KSF had French gets
// it at its next start: the server upserts every scheme file at start-up (api/app/bootstrap.ts).
describe.each(DIALECTS)('scheme texts on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db?.close());

  it('gives an installation without French KSF texts the French texts at the next start-up', async () => {
    // The state of an older installation: the KSF scheme as seeded, without any French.
    await sql`update scheme set name = name - 'fr', description = description - 'fr' where slug = 'ksf-service-promises'`.execute(
      db.db,
    );
    await sql`update criterion set title = title - 'fr', description = description - 'fr'
              where scheme_id = (select id from scheme where slug = 'ksf-service-promises')`.execute(db.db);
    expect((await findSchemeBySlug(db.db, 'ksf-service-promises'))!.name).not.toHaveProperty('fr');
    await seedSchemes(db.db);
    for (const slug of ['ksf-service-promises', 'happy-customer']) {
      const scheme = (await findSchemeBySlug(db.db, slug))!;
      expect(Object.keys(scheme.name).sort(), slug).toEqual(['en', 'fr', 'nl']);
      expect(Object.keys(scheme.description).sort(), slug).toEqual(['en', 'fr', 'nl']);
      for (const criterion of scheme.criteria) {
        expect(Object.keys(criterion.title).sort(), `${slug} ${criterion.code}`).toEqual(['en', 'fr', 'nl']);
        expect(Object.keys(criterion.description).sort(), `${slug} ${criterion.code}`).toEqual([
          'en',
          'fr',
          'nl',
        ]);
      }
    }
    expect((await findSchemeBySlug(db.db, 'ksf-service-promises'))!.name['fr']).toBe(
      'Promesses de service KSF',
    );
  });
});
