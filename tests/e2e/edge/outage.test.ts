import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/server-process.ts';
import { startRegistryServer, type RegistryServer } from '../../helpers/registry-server.ts';
import { adminCall } from '../../helpers/admin-e2e.ts';

// An edge that is down (nothing listens on its port) must not take the registry down: changes
// commit, /readyz stays ready, and the failing purges are retried, logged and counted.
describe('an edge outage', () => {
  let s: RegistryServer;
  let edgePort: number;
  beforeAll(async () => {
    edgePort = await freePort(); // released again: connections to it are refused
    s = await startRegistryServer('pglite', { EDGE_PURGE: `varnish+http://127.0.0.1:${edgePort}` });
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
  });

  const series = (text: string, outcome: string) =>
    Number(
      new RegExp(
        `^keurmerk_edge_purges_total\\{edge="varnish:127\\.0\\.0\\.1:${edgePort}",outcome="${outcome}"\\} (\\d+)$`,
        'm',
      ).exec(text)?.[1] ?? NaN,
    );

  it('commits the change, stays ready, and retries the purge with back-off while logging it', async () => {
    const id = s.fixture.reg.activeBe;
    const res = await adminCall(
      s.server.url,
      'POST',
      `/certifications/${id}/suspend`,
      s.fixture.tokens.admin,
      {
        reason: 'Edge outage test',
      },
    );
    expect(res.status).toBe(200);
    await expect
      .poll(async () => series(await s.metrics(), 'failed'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const text = await s.metrics();
    expect(series(text, 'ok')).toBe(0);
    expect(
      Number(/^keurmerk_edge_purge_pending\{edge="[^"]+"\} (\d+)$/m.exec(text)?.[1]),
    ).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${s.server.url}/readyz`)).status).toBe(200);
    // The registry itself shows the change at once.
    expect(await (await fetch(`${s.server.url}/badges/${id}.svg`)).text()).not.toContain(
      '<openbadges:credential',
    );
    expect(s.server.output()).toContain('edge purge failed; retrying');
  });
});
