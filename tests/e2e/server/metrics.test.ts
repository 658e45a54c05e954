import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';

describe('metrics', () => {
  let server: ServerProcess;
  let metricsPort: number;
  beforeAll(async () => {
    metricsPort = await freePort();
    server = await startServerProcess({
      DATA_DIR: 'memory://',
      METRICS_TOKEN: 'scrape-secret',
      METRICS_PORT: String(metricsPort),
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('needs the bearer token on the main port', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('counts requests per route group, badge cache use and pool state', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/badges/unknownid999.svg`);
    await fetch(`${server.url}/healthz`);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/keurmerk_http_requests_total\{group="badges",status="4xx"\} 3/);
    expect(text).toMatch(/keurmerk_http_requests_total\{group="health",status="2xx"\} \d+/);
    expect(text).toMatch(/keurmerk_badge_cache_hits_total \d+/);
    expect(text).toMatch(/keurmerk_listen_reconnects_total 0/);
    expect(text).toMatch(/keurmerk_db_pool_connections\{state="total"\} \d+/);
  });

  it('serves nothing else on the metrics port', async () => {
    expect((await fetch(`http://127.0.0.1:${metricsPort}/badges/x.svg`)).status).toBe(404);
  });

  it('is not served on the main port without a configured token', async () => {
    const plain = await startServerProcess({ DATA_DIR: 'memory://' });
    try {
      expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
    } finally {
      await plain.stop('SIGKILL');
    }
  });
});
