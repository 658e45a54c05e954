import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEdgePurger, type EdgePurger } from '../../../../api/edge/edge-purger.ts';
import { parsePurgeTargets, type PurgeTarget } from '../../../../api/edge/purge-targets.ts';
import { edgePurgeGauges } from '../../../../api/edge/purge-metrics.ts';
import { Metrics } from '../../../../api/app/metrics.ts';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A local stand-in for an edge or a CDN API (Fastly and Cloudflare cannot be reached from here):
 * records each request and answers what `answer` says.
 */
async function standIn(answer: (r: Received, n: number) => { status: number; body?: string }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body, at: performance.now() };
      received.push(r);
      const a = answer(r, received.length);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const quietLog = {
  warnings: [] as string[],
  warn(msg: string) {
    this.warnings.push(msg);
  },
  error() {},
};
const target = (spec: string): PurgeTarget => {
  const parsed = parsePurgeTargets(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.targets[0]!;
};
const change = {
  tags: ['cert:ABC123', 'statuslist:1'],
  paths: ['/badges/ABC123.svg?lang=nl&size=m&theme=light', '/status/1'],
};

let purger: EdgePurger | null = null;
let stand: Awaited<ReturnType<typeof standIn>> | null = null;
afterEach(async () => {
  purger?.close();
  purger = null;
  await stand?.close();
  stand = null;
});

describe('EDGE_PURGE', () => {
  it('reads every kind and refuses what it cannot use, naming it', () => {
    const ok = parsePurgeTargets(
      'varnish+http://10.0.0.5:6081, nginx+http://edge:8080,fastly:SU1Z0isxPaozGVKXdv0eY,cloudflare:023e105f4ecef8ad9ca31a8372d0c353',
    );
    expect(ok.ok && ok.targets.map((t) => t.name)).toEqual([
      'varnish:10.0.0.5:6081',
      'nginx:edge:8080',
      'fastly:SU1Z0isxPaozGVKXdv0eY',
      'cloudflare:023e105f4ecef8ad9ca31a8372d0c353',
    ]);
    for (const bad of [
      'varnish+ftp://x',
      'varnish+http://x:1/path',
      'fastly:',
      'cloudflare:a/b',
      'akamai:1',
      'varnish+http://a:1,varnish+http://a:1',
    ])
      expect(parsePurgeTargets(bad).ok, bad).toBe(false);
    expect(parsePurgeTargets(null)).toEqual({ ok: true, targets: [] });
  });
});

describe('purge requests as each edge documents them', () => {
  it('Varnish: PURGE / with the tags in xkey-purge', async () => {
    stand = await standIn(() => ({ status: 200 }));
    const t = target(`varnish+${stand.base}`);
    purger = createEdgePurger({
      targets: [t],
      tokens: { fastly: null, cloudflare: null },
      log: quietLog,
      settleMs: 0,
    });
    purger.purge(change);
    await purger.idle();
    expect(stand.received.map((r) => [r.method, r.url, r.headers['xkey-purge']])).toEqual([
      ['PURGE', '/', 'cert:ABC123 statuslist:1'],
    ]);
  });

  it('nginx: PURGE of every exact path, a 404 (not cached) counting as done', async () => {
    stand = await standIn(() => ({ status: 404 }));
    purger = createEdgePurger({
      targets: [target(`nginx+${stand.base}`)],
      tokens: { fastly: null, cloudflare: null },
      log: quietLog,
      settleMs: 0,
    });
    purger.purge(change);
    await purger.idle();
    expect(stand.received.map((r) => `${r.method} ${r.url}`)).toEqual(change.paths.map((p) => `PURGE ${p}`));
    expect(purger.stats[0]).toMatchObject({ ok: 1, failed: 0 });
  });

  it('Fastly: POST /service/{id}/purge with Fastly-Key and surrogate_keys, 256 keys a request', async () => {
    stand = await standIn(() => ({ status: 200, body: '{"cert:x":"108-1391560174-974124"}' }));
    purger = createEdgePurger({
      targets: [target('fastly:SU1Z0isxPaozGVKXdv0eY')],
      tokens: { fastly: 'fastly-token', cloudflare: null },
      apis: { fastly: stand.base, cloudflare: 'http://127.0.0.1:9' },
      log: quietLog,
      settleMs: 0,
    });
    const many = Array.from({ length: 300 }, (_, i) => `cert:ID${i}`);
    purger.purge({ tags: many, paths: [] });
    await purger.idle();
    expect(stand.received).toHaveLength(2);
    const [first, second] = stand.received;
    expect(first).toMatchObject({ method: 'POST', url: '/service/SU1Z0isxPaozGVKXdv0eY/purge' });
    expect(first!.headers['fastly-key']).toBe('fastly-token');
    expect(first!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(first!.body).surrogate_keys).toEqual(many.slice(0, 256));
    expect(JSON.parse(second!.body).surrogate_keys).toEqual(many.slice(256));
  });

  it('Cloudflare: POST /client/v4/zones/{id}/purge_cache with a bearer token and tags, success checked', async () => {
    stand = await standIn((_, n) =>
      n === 1
        ? { status: 200, body: '{"success":false,"errors":[{"code":1134}]}' }
        : { status: 200, body: '{"success":true}' },
    );
    purger = createEdgePurger({
      targets: [target('cloudflare:023e105f4ecef8ad9ca31a8372d0c353')],
      tokens: { fastly: null, cloudflare: 'cf-token' },
      apis: { fastly: 'http://127.0.0.1:9', cloudflare: stand.base },
      log: quietLog,
      firstDelayMs: 10,
      settleMs: 0,
    });
    purger.purge(change);
    await purger.idle();
    expect(stand.received).toHaveLength(2); // success:false is a failure, retried
    for (const r of stand.received) {
      expect(r).toMatchObject({
        method: 'POST',
        url: '/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache',
      });
      expect(r.headers['authorization']).toBe('Bearer cf-token');
      expect(JSON.parse(r.body)).toEqual({ tags: change.tags });
    }
    expect(purger.stats[0]).toMatchObject({ ok: 1, failed: 1, pending: 0 });
  });
});

describe('an edge that fails', () => {
  it('is retried with growing delays, merges what arrives meanwhile, logs and counts', async () => {
    let failing = true;
    stand = await standIn(() => ({ status: failing ? 503 : 200 }));
    const log = { ...quietLog, warnings: [] as string[] };
    purger = createEdgePurger({
      targets: [target(`varnish+${stand.base}`)],
      tokens: { fastly: null, cloudflare: null },
      log,
      firstDelayMs: 20,
      maxDelayMs: 80,
      settleMs: 0,
    });
    purger.purge({ tags: ['cert:A'], paths: [] });
    // The stand-in sees a request before the purger has read its answer: wait for the purger's
    // own count, not the stand-in's, or a loaded machine catches the fourth failure in flight.
    await expect.poll(() => purger!.stats[0]!.failed, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    purger.purge({ tags: ['cert:B'], paths: [] });
    expect(log.warnings.filter((w) => w === 'edge purge failed; retrying').length).toBeGreaterThanOrEqual(4);
    // Delays double from 20 ms up to the 80 ms ceiling; a timer never fires early, so the gaps
    // between attempts are at least that long however loaded the machine is.
    const gaps = stand.received.slice(1, 4).map((r, i) => r.at - stand!.received[i]!.at);
    [20, 40, 80].forEach((delay, i) => expect(gaps[i]).toBeGreaterThanOrEqual(delay - 2));
    failing = false;
    await purger.idle();
    const last = stand.received.at(-1)!;
    expect(last.headers['xkey-purge']).toBe('cert:A cert:B');
    expect(purger.stats[0]).toMatchObject({ ok: 1, pending: 0 });
    expect(log.warnings).toContain('edge purges work again');
    const metrics = new Metrics();
    metrics.addGauges(() => edgePurgeGauges(purger!.stats));
    const text = metrics.render();
    expect(text).toMatch(/keurmerk_edge_purges_total\{edge="varnish:127\.0\.0\.1:\d+",outcome="ok"\} 1/);
    expect(text).toMatch(
      /keurmerk_edge_purges_total\{edge="varnish:127\.0\.0\.1:\d+",outcome="failed"\} [4-9]/,
    );
  });

  it('purges every change once more after the settle delay, for badges rendered before it', async () => {
    stand = await standIn(() => ({ status: 200 }));
    purger = createEdgePurger({
      targets: [target(`varnish+${stand.base}`)],
      tokens: { fastly: null, cloudflare: null },
      log: quietLog,
      settleMs: 50,
    });
    purger.purge({ tags: ['cert:A'], paths: [] });
    await purger.idle();
    expect(stand.received.map((r) => r.headers['xkey-purge'])).toEqual(['cert:A', 'cert:A']);
  });

  it('does not wait on an edge that never answers beyond its timeout', async () => {
    const server = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    purger = createEdgePurger({
      targets: [target(`varnish+http://127.0.0.1:${port}`)],
      tokens: { fastly: null, cloudflare: null },
      log: quietLog,
      timeoutMs: 100,
      firstDelayMs: 10_000,
      settleMs: 0,
    });
    purger.purge({ tags: ['cert:A'], paths: [] });
    await expect.poll(() => purger!.stats[0]!.failed, { timeout: 3_000 }).toBe(1);
    expect(purger.stats[0]!.pending).toBe(1);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
