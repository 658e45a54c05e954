import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { pendingCertification } from '../../helpers/fixtures.ts';
import { grant, revoke, suspend } from '../../../db/certification/transitions.ts';
import { listChanges, parseChangeFilter } from '../../../db/certification/changes.ts';
import { organisationPage } from '../../../db/organisation/page.ts';
import { registryBatches } from '../../../db/organisation/open-data.ts';
import { clientKey, REPORT_LIMIT, storeConsumerReport } from '../../../db/reports/consumer-reports.ts';
import { KeurmerkError } from '../../../db/errors.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const NOW = day(500);

describe.each(DIALECTS)('public site data on %s', (kind) => {
  let db: TestDatabase;
  let revokedSlug: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    // One revoked (events), one expired (derived), one active.
    const a = await pendingCertification(db.db, { now: day(0), name: 'Alpha Revoked B.V.' });
    await grant(db.db, a.public_id, { actor: 'staff@x', reason: 'ok', now: day(1) });
    await suspend(db.db, a.public_id, { actor: 'staff@x', reason: 'complaints', now: day(10) });
    await revoke(db.db, a.public_id, { actor: 'staff@x', reason: 'promises broken', now: day(20) });
    revokedSlug = a.organisationSlug;
    const b = await pendingCertification(db.db, { now: day(0), name: 'Beta Expired B.V.' });
    await grant(db.db, b.public_id, { actor: 'staff@x', reason: 'ok', now: day(2) });
    const c = await pendingCertification(db.db, { now: day(0), name: 'Gamma Active B.V.' });
    await grant(db.db, c.public_id, { actor: 'staff@x', reason: 'ok', now: day(400) });
  });
  afterAll(() => db?.close());

  it('lists changes newest first with derived expiries, filters and cursors', async () => {
    const all = await listChanges(db.db, parseChangeFilter(new URLSearchParams()), NOW);
    expect(all.changes.map((c) => `${c.organisationName ?? c.schemeSlug}:${c.kind}`)).toEqual([
      'Gamma Active B.V.:granted',
      'Beta Expired B.V.:expired',
      'Alpha Revoked B.V.:revoked',
      'Alpha Revoked B.V.:suspended',
      'Beta Expired B.V.:granted',
      'Alpha Revoked B.V.:granted',
      // Version 1 of each seeded scheme, published on the day it came into force.
      'happy-customer:scheme_published',
      'ksf-service-promises:scheme_published',
    ]);
    const versions = all.changes.filter((c) => c.kind === 'scheme_published');
    expect(versions.map((v) => [v.schemeVersion, v.publicId, v.organisationSlug])).toEqual([
      [1, null, null],
      [1, null, null],
    ]);
    expect(versions.every((v) => /^v\d+$/.test(v.id))).toBe(true);
    const published = await listChanges(
      db.db,
      parseChangeFilter(new URLSearchParams('kind=scheme_published&scheme=ksf-service-promises')),
      NOW,
    );
    expect(published.changes.map((c) => `${c.schemeSlug}:${c.schemeVersion}`)).toEqual([
      'ksf-service-promises:1',
    ]);
    expect(all.changes[1]!.occurredAt.toISOString()).toBe(day(2 + 365).toISOString());
    const expired = await listChanges(db.db, parseChangeFilter(new URLSearchParams('kind=expired')), NOW);
    expect(expired.changes.map((c) => c.organisationName)).toEqual(['Beta Expired B.V.']);
    const revoked = await listChanges(db.db, parseChangeFilter(new URLSearchParams('kind=revoked')), NOW);
    expect(revoked.changes[0]!.reason).toBe('promises broken');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listChanges>> = await listChanges(
        db.db,
        parseChangeFilter(new URLSearchParams(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)),
        NOW,
      );
      seen.push(...page.changes.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.changes.map((c) => c.id));
  });

  it('builds the organisation page with history and reasons but without actors', async () => {
    const page = await organisationPage(db.db, revokedSlug, NOW);
    const cert = page!.certifications[0]!;
    expect(cert.status).toBe('revoked');
    // The application ('created') is private: the public history starts with the decision.
    expect(cert.history.map((h) => h.kind)).toEqual(['revoked', 'suspended', 'granted']);
    expect(JSON.stringify(page)).not.toContain('staff@x');
    expect(cert.criteria).toHaveLength(7);
    expect(await organisationPage(db.db, 'nobody-here', NOW)).toBeUndefined();
  });

  it('streams the registry in keyset batches with effective statuses', async () => {
    const batches = [];
    for await (const batch of registryBatches(db.db, NOW, 2)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    const statuses = batches.flat().map((o) => `${o.legalName}:${o.certifications[0]!.status}`);
    expect(statuses.sort()).toEqual([
      'Alpha Revoked B.V.:revoked',
      'Beta Expired B.V.:expired',
      'Gamma Active B.V.:active',
    ]);
  });

  it('stores consumer reports, validates them and rate-limits per network', async () => {
    const org = await db.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow();
    const key = clientKey('203.0.113.7', 'secret');
    expect(clientKey('203.0.113.99', 'secret')).toBe(key);
    expect(clientKey('198.51.100.7', 'secret')).not.toBe(key);
    await expect(
      storeConsumerReport(
        db.db,
        org.id,
        { kind: 'foreign_domain', url: 'not a url', message: null, contactEmail: null },
        key,
        NOW,
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'url' } });
    for (let i = 0; i < REPORT_LIMIT.count; i++) {
      await storeConsumerReport(
        db.db,
        org.id,
        {
          kind: 'foreign_domain',
          url: `https://Fake-${i}.example/x`,
          message: null,
          contactEmail: 'A@B.example',
        },
        key,
        NOW,
      );
    }
    const error = await storeConsumerReport(
      db.db,
      org.id,
      { kind: 'broken_promise', url: null, message: 'again', contactEmail: null },
      key,
      NOW,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeurmerkError);
    expect((error as KeurmerkError).code).toBe('rate_limited');
    const stored = await db.db.selectFrom('misuse_report').selectAll().orderBy('id').execute();
    expect(stored).toHaveLength(REPORT_LIMIT.count);
    expect(stored[0]).toMatchObject({
      source: 'consumer',
      kind: 'foreign_domain',
      host: 'fake-0.example',
      contact_email: 'a@b.example',
      state: 'open',
    });
    // An hour later the same network may report again.
    await storeConsumerReport(
      db.db,
      org.id,
      { kind: 'broken_promise', url: null, message: 'later', contactEmail: null },
      key,
      new Date(NOW.getTime() + REPORT_LIMIT.windowMs + 1000),
    );
  });
});
