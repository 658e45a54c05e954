import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  metricValue,
  SERVER_DATABASES,
  startRegistryServer,
  type RegistryServer,
} from '../../helpers/registry-server.ts';
import { adminCall, getPage, signInUi } from '../../helpers/admin-e2e.ts';

const CAP = 50;
const SPAM = 3_000;

// A Referer is whatever the requester writes: 3,000 invented hosts used to become 3,000 open rows
// in the staff queue within half a second. New hosts are now capped per organisation per day.
describe.each(SERVER_DATABASES)('badge requests with invented Referer hosts on %s', (kind) => {
  let r: RegistryServer;
  beforeAll(async () => {
    r = await startRegistryServer(kind, { MISUSE_HOSTS_PER_DAY: String(CAP) });
  });
  afterAll(async () => {
    await r?.stop();
  });

  const seen = (referer: string) =>
    fetch(`${r.server.url}/badges/${r.fixture.reg.active}.svg`, { headers: { referer } }).then((a) =>
      a.arrayBuffer(),
    );
  const signalLines = async () => {
    const list = await adminCall(
      r.server.url,
      'GET',
      '/reports?source=badge_referer&state=open',
      r.fixture.tokens.admin,
    );
    expect(list.status).toBe(200);
    return list.body.data as Array<{ hosts: string[]; hostCount: number; hits: number; firstSeen: string }>;
  };
  const until = async (done: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  };

  it('records at most the cap of new hosts, counts the rest in /metrics, and keeps counting known hosts', async () => {
    await seen('https://known-copycat.example/');
    await until(async () => (await signalLines()).length === 1);
    for (let i = 0; i < SPAM; i += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => seen(`https://spam-${i + j}.invalid.example/page`)),
      );
    for (let i = 0; i < 4; i++) await seen('https://known-copycat.example/again');
    // The known host took one of today's places; every other invented host beyond the cap is dropped.
    const expectedDropped = SPAM - (CAP - 1);
    await until(
      async () => metricValue(await r.metrics(), 'keurmerk_misuse_hosts_dropped_total') >= expectedDropped,
    );
    expect(metricValue(await r.metrics(), 'keurmerk_misuse_hosts_dropped_total')).toBe(expectedDropped);
    await until(async () => (await signalLines())[0]!.hits >= CAP + 4);

    const lines = await signalLines();
    expect(lines).toHaveLength(1); // one line for the organisation, not one per host
    expect(lines[0]!.hostCount).toBe(CAP);
    expect(lines[0]!.hosts).toHaveLength(20);
    expect(lines[0]!.hosts[0]).toBe('known-copycat.example'); // most hits first
    expect(lines[0]!.hits).toBe(CAP + 4);
    if (r.handle) {
      const rows = await r.handle.db
        .selectFrom('misuse_report')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('source', '=', 'badge_referer')
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(CAP);
    }
  });

  it('shows the staff queue as one line per organisation with its hosts, handled at once', async () => {
    const cookie = await signInUi(r.server.url, r.fixture.staff.admin.email, r.fixture.staff.admin.password);
    const page = await getPage(r.server.url, '/admin/reports?state=open&source=badge_referer', cookie);
    expect(page.status).toBe(200);
    const body = page.html.slice(page.html.indexOf('<tbody'), page.html.indexOf('</tbody>'));
    expect(body.match(/<tr/g)).toHaveLength(1);
    expect(body).toContain('known-copycat.example');
    expect(body).toContain(`${CAP} sites`);
    // Dismissing the line dismisses every host of it.
    const id = /name="id" value="(\d+)"/.exec(body)![1]!;
    const dismissed = await adminCall(r.server.url, 'POST', `/reports/${id}/state`, r.fixture.tokens.admin, {
      state: 'dismissed',
    });
    expect(dismissed.status).toBe(200);
    expect(await signalLines()).toHaveLength(0);
  });
});
