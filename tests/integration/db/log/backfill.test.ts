import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { queuedEntries, type QueuedEntry } from '../../../helpers/log-entries.ts';
import { migrateDown, migrateToLatest, migrationState } from '../../../../db/platform/migrate.ts';
import { seedDemo } from '../../../../db/seed/demo-writer.ts';
import { openKeyStore, rotateKey } from '../../../../badges/credentials/key-store.ts';
import { recordExpiries } from '../../../../db/log/expiry-entries.ts';
import { effectiveStatus } from '../../../../db/certification/lifecycle.ts';

const BACKFILL = '2026-12-03T1220-log-backfill';
const SEED_NOW = new Date('2026-06-01T00:00:00Z');

// An installation that predates the log: its history is in the tables, log_pending is empty. The
// migration must queue exactly the entries the live code would have written, in event order, then
// the key history, then the expiries the change log already shows.
describe.each(DIALECTS)('the log backfill migration on %s', (kind) => {
  let h: TestDatabase;
  let live: QueuedEntry[];
  let backfilled: QueuedEntry[];
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    while ((await migrationState(h.db)).applied.includes(BACKFILL)) await migrateDown(h.db);
    // The template's seeded schemes queued their publications; this test starts from an empty log.
    await sql`delete from log_pending`.execute(h.db);
    await seedDemo(h.db, {
      organisations: 80,
      seed: 3,
      now: SEED_NOW,
      batchSize: 40,
      assessmentBasis: false,
    });
    const keys = {
      publicUrl: 'https://keurmerk.test',
      alg: 'ES256' as const,
      keyFile: null,
      dataDir: 'memory://',
    };
    await openKeyStore(h.db, keys);
    // Later than the first key's creation (now), as a rotation always is.
    await rotateKey(h.db, keys, new Date(Date.now() + 60_000));
    live = await queuedEntries(h.db);
    await h.db.deleteFrom('log_pending').execute();
    expect(await migrateToLatest(h.db)).toContain(BACKFILL);
    backfilled = await queuedEntries(h.db);
  });
  afterAll(async () => {
    await h.close();
  });

  it('queues the events and keys exactly as the live code wrote them, in the same order', async () => {
    const kinds = new Set(live.map((e) => e.facts['type']));
    expect(kinds).toEqual(
      new Set([
        'certification_granted',
        'certification_suspended',
        'certification_revoked',
        'signing_key_added',
        'signing_key_retired',
        ...[...kinds].filter((k) => k === 'certification_renewed' || k === 'certification_reinstated'),
      ]),
    );
    expect(backfilled.slice(0, live.length)).toEqual(live);
  });

  it('follows the chain: one entry per public event, in event id order', async () => {
    const events = await h.db
      .selectFrom('certification_event as e')
      .innerJoin('certification as c', 'c.id', 'e.certification_id')
      .select(['e.kind', 'e.occurred_at', 'c.public_id'])
      .where('e.kind', '<>', 'created')
      .orderBy('e.id')
      .execute();
    const certEntries = backfilled.filter(
      (e) => e.subject !== 'keys' && e.facts['type'] !== 'certification_expired',
    );
    expect(certEntries.map((e) => [e.facts['type'], e.facts['at'], e.facts['public_id']])).toEqual(
      events.map((e) => [`certification_${e.kind}`, e.occurred_at.toISOString(), e.public_id]),
    );
  });

  it('ends with the expiries already shown, each recorded once', async () => {
    const tail = backfilled.slice(live.length);
    const certs = await h.db
      .selectFrom('certification')
      .select(['public_id', 'status', 'valid_until'])
      .orderBy('valid_until')
      .orderBy('id')
      .execute();
    const expired = certs.filter(
      (c) => c.status !== 'revoked' && effectiveStatus(c, new Date()) === 'expired',
    );
    expect(expired.length).toBeGreaterThan(0);
    expect(tail.map((e) => [e.facts['type'], e.subject, e.facts['valid_until']])).toEqual(
      expired.map((c) => ['certification_expired', c.public_id, c.valid_until!.toISOString()]),
    );
    expect(await recordExpiries(h.db, new Date())).toBe(0);
  });
});
