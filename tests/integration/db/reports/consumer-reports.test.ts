import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  createPgDatabase,
  dropPgDatabase,
  DIALECTS,
  openTestDatabase,
  type TestDatabase,
} from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { testDeps } from '../../../helpers/admin-integration.ts';
import { clientKey, REPORT_LIMIT, storeConsumerReport } from '../../../../db/reports/consumer-reports.ts';
import { registrySecret } from '../../../../db/platform/registry-secret.ts';
import { openDatabase } from '../../../../db/platform/connection.ts';
import { handleReport } from '../../../../site/lib/report-action.ts';
import type { Deps } from '../../../../api/app/deps.ts';

const ADDRESS = '203.0.113.7';

function reportRequest(message: string): Request {
  return new Request('http://127.0.0.1/report', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ kind: 'broken_promise', message }).toString(),
  });
}

async function storedKey(deps: Deps, organisationId: number): Promise<string> {
  // client_key is not in the table's Kysely type (nothing but the rate limit reads it).
  const { rows } = await sql<{ client_key: string }>`
    select client_key from misuse_report where organisation_id = ${organisationId}
    order by id desc limit 1`.execute(deps.database.db);
  return rows[0]!.client_key;
}

describe.each(DIALECTS)('consumer reports on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores exactly the limit of 40 parallel reports from one network', async () => {
    const { organisation_id: organisationId } = await pendingCertification(h.db, {
      now: new Date(),
      name: 'Parallel B.V.',
    });
    const key = clientKey(ADDRESS, 'test secret of enough length, 32+');
    const now = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        storeConsumerReport(
          h.db,
          organisationId,
          { kind: 'broken_promise', url: null, message: `report ${i}`, contactEmail: null },
          key,
          now,
        ),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(40 - REPORT_LIMIT.count).fill('rate_limited'),
    );
    const stored = await h.db
      .selectFrom('misuse_report')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    expect(stored).toHaveLength(REPORT_LIMIT.count);
  });

  it('keys the network with a stored secret, not with anything public', async () => {
    const deps = await testDeps(h);
    const { organisation_id: organisationId } = await pendingCertification(h.db, {
      now: new Date(),
      name: 'Keyed B.V.',
    });
    expect(await handleReport(deps, reportRequest('keyed'), organisationId, ADDRESS)).toEqual({
      state: 'stored',
    });
    const key = await storedKey(deps, organisationId);
    // Knowing the public URL (as anyone does) no longer gives the key of a /24 to try.
    const publicUrl = deps.config.publicUrl;
    for (const guess of [`keurmerk-reports|${publicUrl}`, publicUrl, ''])
      expect(clientKey(ADDRESS, guess)).not.toBe(key);
    expect(clientKey(ADDRESS, await registrySecret(h.db, 'report_key'))).toBe(key);
    await deps.close();
  });

  it('uses REGISTRY_SECRET instead when every instance is given it', async () => {
    const base = await testDeps(h);
    const secret = 'x'.repeat(40);
    const deps = { ...base, config: { ...base.config, registrySecret: secret } };
    const { organisation_id: organisationId } = await pendingCertification(h.db, {
      now: new Date(),
      name: 'Env B.V.',
    });
    await handleReport(deps, reportRequest('env'), organisationId, '198.51.100.9');
    expect(await storedKey(deps, organisationId)).toBe(clientKey('198.51.100.9', secret));
    await base.close();
  });
});

describe.runIf(process.env['TEST_DATABASE_URL'])(
  'the report key on one PostgreSQL shared by two instances',
  () => {
    it('is the same on both, however many ask for it first at once', async () => {
      const url = await createPgDatabase();
      const [a, b] = [
        await openDatabase({ databaseUrl: url, dataDir: 'memory://' }),
        await openDatabase({ databaseUrl: url, dataDir: 'memory://' }),
      ];
      try {
        const secrets = await Promise.all([
          registrySecret(a.db, 'report_key'),
          registrySecret(b.db, 'report_key'),
          registrySecret(a.db, 'report_key'),
          registrySecret(b.db, 'report_key'),
        ]);
        expect(new Set(secrets).size).toBe(1);
        expect(secrets[0]!.length).toBeGreaterThanOrEqual(32);
        expect(clientKey(ADDRESS, await registrySecret(a.db, 'report_key'))).toBe(
          clientKey(ADDRESS, await registrySecret(b.db, 'report_key')),
        );
      } finally {
        await a.close();
        await b.close();
        await dropPgDatabase(url);
      }
    });
  },
);
