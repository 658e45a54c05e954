import fs from 'node:fs/promises';
import { rawExchange } from '../../helpers/raw-http.ts';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { prepareDataDir, type PreparedRegistry } from '../../helpers/registry-fixture.ts';
import { openDatabase } from '../../../db/platform/connection.ts';

// A cached badge is answered by the server's fast lane (api/http/badge-fast-lane.ts), the first
// request of a variant by the general handler. Whatever the lane, the answer must be the same.

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Every header but the two that differ per request. */
function comparable(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'date' && key !== 'x-request-id') headers[key] = value;
  });
  return headers;
}

async function answer(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    headers: comparable(response),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** A GET with header forms fetch will not send (repeated headers). */
function rawGet(port: number, target: string, headerLines: string[]): Promise<string> {
  return rawExchange(port, [
    [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headerLines, '', ''].join('\r\n'),
  ]);
}

describe('cached and uncached badge answers', () => {
  let dataDir: string;
  let server: ServerProcess;
  let reg: PreparedRegistry;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-lanes-'));
    reg = await prepareDataDir(dataDir);
    server = await startServerProcess({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'http://registry.test',
      METRICS_TOKEN: 'scrape-secret',
    });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('answers the same status, headers and bytes whether the badge was cached or not', async () => {
    const cases: Array<[string, RequestInit]> = [
      ['?theme=dark&lang=fr&size=s', {}],
      ['?lang=en', { headers: { 'accept-encoding': 'br' } }],
      ['?size=l', { headers: { 'accept-encoding': 'gzip, deflate' } }],
      ['?theme=dark', { headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } }],
      ['?lang=nl&size=m&lang=en', { method: 'HEAD' }],
    ];
    for (const id of [reg.active, reg.revoked, 'unknownid2345']) {
      for (const ext of ['svg', 'png']) {
        for (const [query, init] of cases) {
          const url = `${server.url}/badges/${id}.${ext}${query}`;
          const first = await answer(url, init); // a cache miss: the general handler renders it
          const second = await answer(url, init); // a cache hit: the fast lane answers
          expect(second, `${id}.${ext}${query}`).toEqual(first);
          expect(first.status).toBe(id === 'unknownid2345' ? 404 : 200);
        }
      }
    }
  });

  it('answers If-None-Match with 304 on both lanes, in every form of the header', async () => {
    const url = `${server.url}/badges/${reg.active}.svg?size=s&theme=dark`;
    const full = await fetch(url);
    const etag = full.headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await fetch(url, { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('content-length')).toBeNull();
      expect((await response.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('combines repeated headers as Node does and echoes a plain X-Request-Id', async () => {
    const target = `/badges/${reg.active}.svg?lang=fr`;
    await fetch(`${server.url}${target}`); // cached from here on
    const port = Number(new URL(server.url).port);
    const response = await rawGet(port, target, [
      'Accept-Encoding: identity',
      'ACCEPT-ENCODING: br',
      'X-Request-Id: trace-fast-1',
    ]);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toMatch(/\r\ncontent-encoding: br\r\n/i);
    expect(response).toMatch(/\r\nx-request-id: trace-fast-1\r\n/i);
    const hostile = await rawGet(port, target, ['X-Request-Id: <script>']);
    expect(hostile).not.toContain('<script>');
    expect(hostile).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/i);
    const ids = new Set<string | null>();
    for (let i = 0; i < 20; i++) ids.add((await fetch(`${server.url}${target}`)).headers.get('x-request-id'));
    expect(ids.size).toBe(20);
  });

  it('reads the same variant from a query either lane might see, and refuses an absurd one', async () => {
    const base = `${server.url}/badges/${reg.active}.svg`;
    const plain = await answer(`${base}?lang=en&theme=dark`);
    // Quoted or encoded forms go to the general handler; the answer must still be the same badge.
    expect((await answer(`${base}?lang=%65n&theme=dark`)).body).toEqual(plain.body);
    expect((await answer(`${base}?lang=en&theme=dark&x="'`)).body).toEqual(plain.body);
    expect(
      (
        await answer(
          `${server.url}/badges/%${reg.active.charCodeAt(0).toString(16)}${reg.active.slice(1)}.svg?lang=en&theme=dark`,
        )
      ).body,
    ).toEqual(plain.body);
    // Longer than the fast lane memoises (tracking parameters): read in full, the same badge.
    const tracked = `${base}?lang=en&theme=dark&utm_campaign=${'n'.repeat(200)}`;
    expect((await answer(tracked)).body).toEqual(plain.body);
    expect((await answer(tracked)).body).toEqual(plain.body);
    expect((await fetch(`${base}?x=${'a'.repeat(600)}`)).status).toBe(400);
    // 303 characters as sent, 903 once the URL parser has encoded the quotes: too long either way.
    await fetch(base); // the default variant is cached
    expect((await fetch(`${base}?x=${'"'.repeat(300)}`)).status).toBe(400);
  });

  it('counts badge answers of both lanes in the metrics', async () => {
    const metrics = async () => {
      const text = await (
        await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })
      ).text();
      return Number(/keurmerk_http_requests_total\{group="badges",status="2xx"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await metrics();
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/badges/${reg.active}.svg?size=m&lang=nl`);
    expect((await metrics()) - before).toBe(5);
  });
});

describe('misuse signals from badge requests', () => {
  it('records foreign pages showing a badge, on both lanes, and none of the organisation’s own', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-misuse-'));
    try {
      const reg = await prepareDataDir(dataDir);
      const server = await startServerProcess({ DATA_DIR: dataDir, PUBLIC_URL: 'http://registry.test' });
      const badge = `${server.url}/badges/${reg.active}.svg`;
      const seen = async (referer: string, times: number) => {
        for (let i = 0; i < times; i++) await fetch(badge, { headers: { referer } });
      };
      await seen('https://copycat.example/about?x=1', 3); // one miss, then cached answers
      await seen('https://WWW.Copycat.Example./contact', 1); // the same host, spelt otherwise
      await seen('http://other.example:8080/', 2);
      // The organisation's own domains and their subdomains, our own pages, and non-web referers.
      await seen('https://shop.example.nl/', 2);
      await seen('https://www.shop.example.nl/checkout', 2);
      await seen('http://registry.test/nl/organisaties/x', 1);
      await seen('android-app://com.example/', 1);
      await seen('not a url', 1);
      // Shutting down flushes the buffer: nothing is lost between batches.
      expect(await server.stop('SIGTERM')).toBe(0);

      const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test' });
      try {
        const rows = await handle.db
          .selectFrom('misuse_report')
          .select(['host', 'hits', 'source', 'kind', 'first_seen', 'last_seen'])
          .where('source', '=', 'badge_referer')
          .orderBy('host')
          .execute();
        expect(rows.map((r) => [r.host, r.hits])).toEqual([
          ['copycat.example', 3],
          ['other.example', 2],
          ['www.copycat.example', 1],
        ]);
        for (const row of rows) {
          expect(row.kind).toBe('foreign_domain');
          expect(new Date(row.first_seen).getTime()).toBeLessThanOrEqual(new Date(row.last_seen).getTime());
        }
      } finally {
        await handle.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
