import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH_MAX_BYTES, guardedFetch } from '../../../../api/domains/guarded-fetch.ts';

/** A real local HTTP server whose answers the tests choose by path; counts the requests it got. */
function testHost() {
  const seen: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    switch (req.url) {
      case '/ok':
        res.end('keurmerk-verification=abc\n');
        return;
      case '/elsewhere':
        res.writeHead(302, { location: `http://localhost:${port()}/ok` }).end();
        return;
      case '/same-host':
        res.writeHead(301, { location: `/ok` }).end();
        return;
      case '/huge': {
        // 10 MB, streamed without a Content-Length so the limit must be counted, not read off a header.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      case '/huge-declared':
        res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
        res.write('a');
        return;
      case '/slow':
        // Answers after 10 s (the fetcher's limit is 5 s); the test does not wait for it.
        setTimeout(() => res.end('keurmerk-verification=abc'), 10_000).unref();
        return;
      default:
        res.writeHead(404).end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = () => (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    start: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('guardedFetch (real local HTTP servers)', () => {
  const host = testHost();
  let allow: string[];
  beforeAll(async () => {
    await host.start();
    allow = [`127.0.0.1:${host.port()}`];
  });
  afterAll(() => host.stop());

  it('fetches from an allow-listed local host over http', async () => {
    const result = await guardedFetch(`http://127.0.0.1:${host.port()}/ok`, { allowHosts: allow });
    expect(result).toEqual({ ok: true, body: 'keurmerk-verification=abc\n' });
  });

  it('refuses a host that resolves to 127.0.0.1 without the allow-list, before any request', async () => {
    const before = host.seen.length;
    expect(await guardedFetch(`https://localhost:${host.port()}/ok`, { allowHosts: [] })).toEqual({
      ok: false,
      reason: 'private_address',
    });
    expect(await guardedFetch(`https://127.0.0.1:${host.port()}/ok`, { allowHosts: [] })).toEqual({
      ok: false,
      reason: 'private_address',
    });
    expect(host.seen.length).toBe(before);
  });

  it('refuses plain http to a host not on the allow-list', async () => {
    expect(await guardedFetch(`http://localhost:${host.port()}/ok`, { allowHosts: allow })).toEqual({
      ok: false,
      reason: 'not_https',
    });
  });

  it('refuses a redirect to another host, and does not follow it', async () => {
    const before = host.seen.length;
    const result = await guardedFetch(`http://127.0.0.1:${host.port()}/elsewhere`, {
      allowHosts: [...allow, 'localhost'],
    });
    expect(result).toEqual({ ok: false, reason: 'redirect' });
    expect(host.seen.slice(before)).toEqual(['/elsewhere']);
  });

  it('refuses a redirect on the same host too (the file must be at the URL itself)', async () => {
    const result = await guardedFetch(`http://127.0.0.1:${host.port()}/same-host`, { allowHosts: allow });
    expect(result).toEqual({ ok: false, reason: 'redirect' });
  });

  it('refuses a 10 MB body, whether declared or streamed', async () => {
    expect(await guardedFetch(`http://127.0.0.1:${host.port()}/huge`, { allowHosts: allow })).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(
      await guardedFetch(`http://127.0.0.1:${host.port()}/huge-declared`, { allowHosts: allow }),
    ).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(FETCH_MAX_BYTES).toBe(16 * 1024);
  });

  it('refuses an answer that takes 10 s', async () => {
    expect(await guardedFetch(`http://127.0.0.1:${host.port()}/slow`, { allowHosts: allow })).toEqual({
      ok: false,
      reason: 'timeout',
    });
  });

  it('refuses what is not a fetchable URL, and a missing file', async () => {
    expect(await guardedFetch('not a url', { allowHosts: [] })).toEqual({ ok: false, reason: 'bad_url' });
    expect(await guardedFetch('ftp://example.org/x', { allowHosts: [] })).toEqual({
      ok: false,
      reason: 'not_https',
    });
    expect(await guardedFetch(`http://127.0.0.1:${host.port()}/nothing`, { allowHosts: allow })).toEqual({
      ok: false,
      reason: 'bad_status',
    });
    expect(await guardedFetch('https://no-such-host.invalid/x', { allowHosts: [] })).toEqual({
      ok: false,
      reason: 'dns_failed',
    });
  });
});
