import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { recordSignals, type SignalBatchRow } from '../../../../db/reports/misuse-signals.ts';
import { listReports, setReportState } from '../../../../db/reports/queue.ts';

const NOON = new Date('2026-12-03T12:00:00Z');

function sightings(organisationId: number, hosts: string[], at = NOON, hits = 1): SignalBatchRow[] {
  return hosts.map((host) => ({
    organisationId,
    certificationId: null,
    host,
    hits,
    firstSeen: at,
    lastSeen: at,
  }));
}

const hostsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}.example`);

describe.each(DIALECTS)('misuse signal limits on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  const rowsOf = async (organisationId: number) =>
    h.db
      .selectFrom('misuse_report')
      .select(['host', 'hits'])
      .where('organisation_id', '=', organisationId)
      .orderBy('host')
      .execute();

  it('caps new hosts per organisation per day across flushes, and keeps counting known ones', async () => {
    const { organisation_id: org } = await pendingCertification(h.db);
    const limits = { newHostsPerDay: 5, newHostsPerFlush: 500 };
    expect(await recordSignals(h.db, sightings(org, hostsOf('a', 3)), limits, NOON)).toEqual({
      recorded: 3,
      dropped: 0,
    });
    // A later flush (another instance, or after a restart) sees today's three in the database.
    const second = [...sightings(org, hostsOf('a', 3), NOON, 2), ...sightings(org, hostsOf('b', 4))];
    expect(await recordSignals(h.db, second, limits, NOON)).toEqual({ recorded: 5, dropped: 2 });
    const rows = await rowsOf(org);
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.host?.startsWith('a-')).map((r) => r.hits)).toEqual([3, 3, 3]);
    // The next day there is room again.
    const tomorrow = new Date(NOON.getTime() + 86_400_000);
    const next = await recordSignals(h.db, sightings(org, hostsOf('c', 6), tomorrow), limits, tomorrow);
    expect(next).toEqual({ recorded: 5, dropped: 1 });
  });

  it('caps new hosts in one flush over all organisations, most-seen hosts first', async () => {
    const a = (await pendingCertification(h.db)).organisation_id;
    const b = (await pendingCertification(h.db)).organisation_id;
    const batch = [...sightings(a, hostsOf('x', 4)), ...sightings(b, ['busy.example'], NOON, 9)];
    const outcome = await recordSignals(h.db, batch, { newHostsPerDay: 50, newHostsPerFlush: 2 }, NOON);
    expect(outcome).toEqual({ recorded: 2, dropped: 3 });
    expect((await rowsOf(b)).map((r) => r.host)).toEqual(['busy.example']);
  });

  it('lists signals as one line per organisation and handles the line as a whole', async () => {
    const { organisation_id: org } = await pendingCertification(h.db, { name: 'Gegroepeerd B.V.' });
    await recordSignals(
      h.db,
      [...sightings(org, hostsOf('g', 24)), ...sightings(org, ['top.example'], NOON, 7)],
      { newHostsPerDay: 50, newHostsPerFlush: 500 },
      NOON,
    );
    const page = await listReports(h.db, {
      state: 'open',
      source: 'badge_referer',
      cursor: null,
      limit: 500,
    });
    const line = page.rows.find((r) => r.organisation_id === org)!;
    expect(page.rows.filter((r) => r.organisation_id === org)).toHaveLength(1);
    expect(line.host_count).toBe(25);
    expect(line.hosts).toHaveLength(20);
    expect(line.hosts![0]).toBe('top.example');
    expect(line.hits).toBe(31);
    expect(line.organisation_name).toBe('Gegroepeerd B.V.');
    await setReportState(h.db, line.id, 'dismissed', 'staff@test');
    const after = await listReports(h.db, {
      state: 'open',
      source: 'badge_referer',
      cursor: null,
      limit: 500,
    });
    expect(after.rows.filter((r) => r.organisation_id === org)).toHaveLength(0);
  });
});
