import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { seedDemo } from '../../../../db/seed/demo-writer.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { parseNationalId } from '../../../../db/values/national-id.ts';
import { effectiveStatus } from '../../../../db/certification/lifecycle.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

async function snapshot(h: TestDatabase) {
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n;
  return {
    orgs: await count('organisation'),
    certs: await count('certification'),
    events: await count('certification_event'),
    assessments: await count('assessment'),
    domains: await count('organisation_domain'),
    channels: await count('contact_channel'),
  };
}

// Each test seeds a database of its own, so the tests pass in any order (vitest --sequence.shuffle).
describe.each(DIALECTS)('demo seeder on %s', (kind) => {
  const opened: TestDatabase[] = [];
  async function fresh(): Promise<TestDatabase> {
    const h = await openTestDatabase(kind);
    opened.push(h);
    return h;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });

  it('creates realistic, valid organisations with a spread of statuses', async () => {
    const h = await fresh();
    const result = await seedDemo(h.db, { organisations: 300, seed: 7, now: NOW, batchSize: 100 });
    expect(result).toEqual({ inserted: 300, skipped: 0 });
    const orgs = await h.db.selectFrom('organisation').selectAll().execute();
    for (const o of orgs)
      expect(parseNationalId(o.country, o.registry_id)).toMatchObject({ ok: true, value: o.registry_id });
    expect(new Set(orgs.map((o) => o.country))).toEqual(new Set(['NL', 'BE']));
    const certs = await h.db.selectFrom('certification').select(['status', 'valid_until']).execute();
    const statuses = new Set(certs.map((c) => effectiveStatus(c, NOW)));
    expect(statuses).toEqual(new Set(['pending', 'active', 'suspended', 'revoked', 'expired']));
    const counts = await snapshot(h);
    expect(counts.assessments).toBeGreaterThan(counts.certs * 3);
    expect(counts.channels).toBeGreaterThanOrEqual(600);
    expect(await verifyChain(h.db)).toMatchObject({ ok: true, events: counts.events });
  });

  it('is idempotent: a second run adds nothing', async () => {
    const h = await fresh();
    await seedDemo(h.db, { organisations: 100, seed: 7, now: NOW, batchSize: 50 });
    const before = await snapshot(h);
    expect(before.orgs).toBe(100);
    const result = await seedDemo(h.db, { organisations: 100, seed: 7, now: NOW, batchSize: 50 });
    expect(result).toEqual({ inserted: 0, skipped: 100 });
    expect(await snapshot(h)).toEqual(before);
  });

  it('extends an existing demo registry with only the missing organisations', async () => {
    const h = await fresh();
    await seedDemo(h.db, { organisations: 100, seed: 7, now: NOW, batchSize: 50 });
    const before = await snapshot(h);
    const result = await seedDemo(h.db, { organisations: 150, seed: 7, now: NOW, batchSize: 50 });
    expect(result).toEqual({ inserted: 50, skipped: 100 });
    expect((await snapshot(h)).orgs).toBe(before.orgs + 50);
    expect((await verifyChain(h.db)).ok).toBe(true);
  });

  it('is deterministic for a seed', async () => {
    const [big, small] = [await fresh(), await fresh()];
    await seedDemo(big.db, { organisations: 80, seed: 7, now: NOW });
    await seedDemo(small.db, { organisations: 50, seed: 7, now: NOW });
    const pick = (db: TestDatabase['db']) =>
      db
        .selectFrom('organisation as o')
        .innerJoin('certification as c', 'c.organisation_id', 'o.id')
        .select(['o.registry_id', 'o.legal_name', 'c.public_id', 'c.status'])
        .orderBy('o.registry_id')
        .execute();
    const mine = await pick(big.db);
    const theirs = await pick(small.db);
    expect(theirs.length).toBeGreaterThan(0);
    for (const row of theirs) expect(mine).toContainEqual(row);
  });
});
