import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareRegistry, type PreparedRegistry } from '../../../helpers/registry-fixture.ts';
import { certifiedOrganisations } from '../../../../db/certification/public-list.ts';

// The scheme page's list reads a partial index in organisation-name order (so it does not grow with
// the registry); it must still list exactly the active, unexpired certifications of that scheme, by name.
describe.each(DIALECTS)('certified organisations of a scheme on %s', (kind) => {
  let db: TestDatabase;
  let reg: PreparedRegistry;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    reg = await prepareRegistry(db.db);
  });
  afterAll(() => db?.close());

  it('lists only active certifications of the scheme, by organisation name', async () => {
    const now = new Date();
    const ksf = await certifiedOrganisations(db.db, 'ksf-service-promises', now, 50);
    const ids = ksf.map((c) => c.publicId);
    expect(ids).toContain(reg.active);
    for (const other of [reg.suspended, reg.revoked, reg.pending, reg.expired, reg.activeBe])
      expect(ids).not.toContain(other);
    expect(ksf.every((c) => c.status === 'active' && c.scheme === 'ksf-service-promises')).toBe(true);
    const names = ksf.map((c) => c.organisation.legalName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const be = await certifiedOrganisations(db.db, 'happy-customer', now, 50);
    expect(be.map((c) => c.publicId)).toContain(reg.activeBe);
    expect(await certifiedOrganisations(db.db, 'happy-customer', now, 1)).toHaveLength(1);
    expect(await certifiedOrganisations(db.db, 'no-such-scheme', now, 50)).toEqual([]);
  });

  it('follows a rename at once: the list reads the name the triggers copy onto certifications', async () => {
    const now = new Date();
    const before = await certifiedOrganisations(db.db, 'ksf-service-promises', now, 50);
    const last = before.at(-1)!;
    await db.db
      .updateTable('organisation')
      .set({ legal_name: '00 Eerste in de lijst B.V.' })
      .where('slug', '=', last.organisation.slug)
      .execute();
    const after = await certifiedOrganisations(db.db, 'ksf-service-promises', now, 1);
    expect(after.map((c) => [c.publicId, c.organisation.legalName])).toEqual([
      [last.publicId, '00 Eerste in de lijst B.V.'],
    ]);
  });
});
