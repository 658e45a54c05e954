import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareRegistry, type PreparedRegistry } from '../../../helpers/registry-fixture.ts';
import { testDeps } from '../../../helpers/admin-integration.ts';
import { edgeLogHandler } from '../../../../api/handlers/edge-log.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { problemFromError } from '../../../../api/http/problem.ts';

const TOKEN = 'edge-log-token-for-tests-0123456789abcdef';
const NOW = new Date('2026-12-03T12:00:00Z');

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request('http://registry.test/api/v1/edge/log', {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain', ...headers },
    body,
  });
}

describe.each(DIALECTS)('POST /api/v1/edge/log on %s', (kind) => {
  let h: TestDatabase;
  let reg: PreparedRegistry;
  let deps: Deps;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    reg = await prepareRegistry(h.db);
    const base = await testDeps(h, { now: NOW });
    deps = { ...base, config: { ...base.config, edgeLogToken: TOKEN } };
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  const reports = async (host: string) =>
    h.db
      .selectFrom('misuse_report')
      .select(['hits', 'first_seen', 'last_seen'])
      .where('host', '=', host)
      .where('source', '=', 'badge_referer')
      .executeTakeFirst();

  it('does not exist without EDGE_LOG_TOKEN, and wants the token and a text body', async () => {
    const off = await edgeLogHandler(post('x'), { ...deps, config: { ...deps.config, edgeLogToken: null } });
    expect(off.status).toBe(404);
    const wrong = await edgeLogHandler(post('x', { authorization: 'Bearer nope' }), deps);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    const json = await edgeLogHandler(post('{}', { 'content-type': 'application/json' }), deps);
    expect(json.status).toBe(415);
    // Thrown as the catalogue's error and answered by the dispatcher, as every handler's are.
    const big = await edgeLogHandler(post('x'.repeat(4 * 1024 * 1024 + 1)), deps).catch(
      (error: unknown) => problemFromError(error).response,
    );
    expect(big.status).toBe(413);
    const binary = await edgeLogHandler(post(new Uint8Array([0xff, 0xfe, 0x00])), deps);
    expect(binary.status).toBe(400);
    expect(((await binary.json()) as { type: string }).type).toMatch(/edge_log_unreadable$/);
    const garbage = await edgeLogHandler(post('hello\nworld\n'), deps);
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('reads varnishncsa, nginx and CDN JSON lines, accounts for every line, and records foreign hosts', async () => {
    const id = reg.active;
    const lines = [
      // varnishncsa's default format (%r carries the absolute URL)
      `203.0.113.7 - - [03/Dec/2026:12:59:58 +0100] "GET http://registry.test/badges/${id}.svg?lang=en HTTP/1.1" 200 7345 "https://fake-one.example/shop" "Mozilla/5.0"`,
      // nginx's combined format, a quote in the Referer escaped as \\x22
      `198.51.100.4 - - [03/Dec/2026:11:59:00 +0000] "GET /badges/${id}.png HTTP/2.0" 200 9000 "https://fake-two.example/a\\x22b" "curl/8"`,
      // Cloudflare Logpush JSON, time in nanoseconds
      JSON.stringify({
        ClientIP: '192.0.2.1',
        ClientRequestURI: `/badges/${id}.svg?theme=dark`,
        ClientRequestReferer: 'https://fake-three.example/',
        EdgeStartTimestamp: NOW.getTime() * 1e6 - 5e9,
      }),
      // short JSON names, RFC 3339
      JSON.stringify({
        path: `/badges/${id}.svg`,
        referer: 'https://shop.example.nl/',
        time: '2026-12-03T11:00:00Z',
      }),
      '',
      `192.0.2.9 - - [03/Dec/2026:12:00:00 +0000] "GET /nl/zoeken HTTP/1.1" 200 1 "https://fake-one.example/" "x"`,
      `192.0.2.9 - - [03/Dec/2026:12:00:00 +0000] "GET /badges/zzzzzzzz9999.svg HTTP/1.1" 404 1 "-" "x"`,
      'this is not a log line',
      '{"path": 5}',
    ].join('\n');
    const res = await edgeLogHandler(post(lines), deps);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      lines: 8,
      badges: 4,
      ignored: 2,
      rejected: 2,
      errors: [
        { line: 8, reason: 'not the combined log format' },
        { line: 9, reason: expect.stringContaining('no request path') },
      ],
    });
    await deps.misuse.flush();
    const one = await reports('fake-one.example');
    expect(one?.hits).toBe(1);
    // The line's own time is kept (11:59:58 UTC), not the time of ingestion.
    expect(one?.first_seen.toISOString()).toBe('2026-12-03T11:59:58.000Z');
    expect((await reports('fake-two.example'))?.hits).toBe(1);
    expect((await reports('fake-three.example'))?.first_seen.toISOString()).toBe('2026-12-03T11:59:55.000Z');
    expect(await reports('shop.example.nl')).toBeUndefined(); // the organisation's own domain
    const addresses = await h.db.selectFrom('misuse_report').selectAll().execute();
    expect(JSON.stringify(addresses)).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2/);
  });

  it('goes through the same caps as badge requests: new hosts per organisation per day', async () => {
    const id = reg.activeBe;
    const lines = Array.from({ length: 70 }, (_, i) =>
      JSON.stringify({
        path: `/badges/${id}.svg`,
        referer: `https://spam-${i}.example/`,
        time: NOW.toISOString(),
      }),
    ).join('\n');
    const res = await edgeLogHandler(post(lines, { 'content-type': 'application/x-ndjson' }), deps);
    expect(((await res.json()) as { badges: number }).badges).toBe(70);
    await deps.misuse.flush();
    const rows = await h.db
      .selectFrom('misuse_report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('host', 'like', 'spam-%')
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(deps.config.misuseHostsPerDay);
  });
});
