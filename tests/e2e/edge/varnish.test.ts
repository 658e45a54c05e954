import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/server-process.ts';
import { startTwoInstances, type TwoInstances } from '../../helpers/two-instances.ts';
import { edgeAvailable, startVarnish, type Varnish } from '../../helpers/varnish.ts';
import { adminCall, prepareAdmin } from '../../helpers/admin-e2e.ts';
import { decodeJwt, pngTextChunks, statusBit, svgCredentials } from '../../helpers/badge-reading.ts';
import { BADGE_VARIANTS, canonicalBadgeQuery } from '../../../badges/serve/badge-request.ts';

const EDGE_LOG_TOKEN = 'edge-log-token-for-tests-0123456789abcdef';

/** A request from a chosen local address (the purge ACL looks at the client's address). */
function rawRequest(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; from?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        headers: options.headers ?? {},
        ...(options.from ? { localAddress: options.from } : {}),
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** True when a badge answer carries no credential: the "not certified" state. */
function withoutCredential(format: 'svg' | 'png', bytes: Buffer): boolean {
  return format === 'svg'
    ? svgCredentials(bytes.toString('utf8')).length === 0
    : !pngTextChunks(bytes).some((c) => c.keyword === 'openbadgecredential');
}

// The done-when test of the edge: Varnish with the shipped VCL in front of two instances on one
// PostgreSQL, told of every change by the registry's purges.
describe.runIf(process.env['TEST_DATABASE_URL'] && edgeAvailable())(
  'an edge cache that is told at once',
  () => {
    let two: TwoInstances;
    let edge: Varnish;
    let adminToken: string;
    let ncsa: ChildProcess;
    let ncsaFile: string;

    beforeAll(async () => {
      const edgePort = await freePort();
      two = await startTwoInstances('edge', {
        EDGE_PURGE: `varnish+http://127.0.0.1:${edgePort}`,
        EDGE_LOG_TOKEN,
      });
      edge = await startVarnish({
        port: edgePort,
        backendPorts: [two.a, two.b].map((s) => Number(new URL(s.url).port)),
      });
      adminToken = (await prepareAdmin(two.handle.db)).tokens.admin;
      // The edge's access log as documented: varnishncsa's default (combined) format, badges only.
      ncsaFile = path.join(edge.workDir, 'badges.log');
      ncsa = spawn(
        'varnishncsa',
        ['-n', path.join(edge.workDir, 'n'), '-q', 'ReqURL ~ "^/badges/"', '-w', ncsaFile],
        {
          stdio: 'ignore',
        },
      );
    }, 120_000);
    afterAll(async () => {
      ncsa?.kill('SIGTERM');
      await edge?.stop();
      await two?.stop();
    });

    const viaEdge = (p: string, headers: Record<string, string> = {}) =>
      fetch(`${edge.url}${p}`, { headers });

    it('caches a badge: the second fetch is a hit, and no surrogate header reaches the client', async () => {
      const p = `/badges/${two.reg.activeBe}.svg`;
      const first = await viaEdge(p);
      await first.arrayBuffer();
      expect(first.headers.get('x-cache')).toBe('MISS');
      const second = await viaEdge(p);
      expect(second.status).toBe(200);
      expect(svgCredentials(await second.text())).toHaveLength(1);
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
      for (const name of ['xkey', 'surrogate-key', 'surrogate-control', 'cache-tag', 'age'])
        expect(second.headers.get(name), name).toBeNull();
      // Keys are kept at the edge as well; pages and the API pass through.
      await (await viaEdge('/.well-known/jwks.json')).arrayBuffer();
      const jwks = await viaEdge('/.well-known/jwks.json');
      await jwks.arrayBuffer();
      expect(jwks.headers.get('x-cache')).toBe('HIT');
      await (await viaEdge('/healthz')).arrayBuffer();
      const health = await viaEdge('/healthz');
      await health.arrayBuffer();
      expect(health.headers.get('x-cache')).toBe('MISS');
      // Straight from the registry the edge headers are there.
      const origin = await fetch(`${two.a.url}${p}`);
      expect(origin.headers.get('surrogate-control')).toMatch(/^max-age=\d+$/);
      expect(origin.headers.get('xkey')).toContain(`cert:${two.reg.activeBe}`);
    });

    it('keeps one entry per variant: unknown parameters and values do not add entries', async () => {
      const p = `/badges/${two.reg.activeBe}.svg`;
      await (await viaEdge(`${p}?theme=dark`)).arrayBuffer();
      const objects = edge.counter('n_object');
      // The plain URL (the embed code's, read without its query) shares the defaults' entry.
      for (const query of [
        '',
        '?',
        '?lang=nl&size=m&theme=light',
        '?utm_source=mail&lang=nl',
        '?x=1&y=2&z=3',
        '?theme=blue',
        '?size=m&lang=nl&theme=light&a',
      ]) {
        const res = await viaEdge(`${p}${query}`);
        await res.arrayBuffer();
        expect(res.headers.get('x-cache'), query).toBe('HIT');
      }
      const dark = await viaEdge(`${p}?cb=${Date.now()}&theme=dark`);
      await dark.arrayBuffer();
      expect(dark.headers.get('x-cache')).toBe('HIT');
      expect(edge.counter('n_object')).toBe(objects);
    });

    it('refuses purges from any address but the registry’s, and keeps the entry', async () => {
      const p = `/badges/${two.reg.activeBe}.svg`;
      const refused = await rawRequest(edge.port, {
        method: 'PURGE',
        path: '/',
        headers: { 'xkey-purge': `cert:${two.reg.activeBe}` },
        from: '127.0.0.2',
      });
      expect(refused.status).toBe(403);
      const still = await viaEdge(p);
      await still.arrayBuffer();
      expect(still.headers.get('x-cache')).toBe('HIT');
      const allowed = await rawRequest(edge.port, {
        method: 'PURGE',
        path: '/',
        headers: { 'xkey-purge': `cert:${two.reg.activeBe}` },
      });
      expect(allowed.status).toBe(200);
      const gone = await viaEdge(p);
      await gone.arrayBuffer();
      expect(gone.headers.get('x-cache')).toBe('MISS');
    });

    it('shows a revocation through the admin API at the edge within 1 s, in every variant', async () => {
      const id = two.reg.active;
      const paths = BADGE_VARIANTS.map((v) => ({
        v,
        p: `/badges/${id}.${v.format}${canonicalBadgeQuery(v)}`,
      }));
      // Warm every variant and prove each is an edge hit that still carries its credential.
      for (const { p } of paths) await (await viaEdge(p)).arrayBuffer();
      for (const { v, p } of paths) {
        const res = await viaEdge(p);
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(res.headers.get('x-cache'), p).toBe('HIT');
        expect(withoutCredential(v.format, bytes), p).toBe(false);
      }
      // The status list holding its credential is at the edge too, bit clear.
      const credential = await two.handle.db
        .selectFrom('credential as c')
        .innerJoin('certification as k', 'k.id', 'c.certification_id')
        .select(['c.status_list', 'c.status_index'])
        .where('k.public_id', '=', id)
        .where('c.revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      const listPath = `/status/${credential.status_list}`;
      const bitAtEdge = async () => {
        const res = await viaEdge(listPath);
        const jwt = await res.text();
        const bit = await statusBit(
          decodeJwt(jwt).payload['credentialSubject'].encodedList,
          credential.status_index,
        );
        return { bit, cache: res.headers.get('x-cache') };
      };
      await bitAtEdge();
      expect(await bitAtEdge()).toEqual({ bit: 0, cache: 'HIT' });
      const res = await adminCall(two.a.url, 'POST', `/certifications/${id}/revoke`, adminToken, {
        reason: 'Edge test: revoked while cached at the edge for a day',
      });
      expect(res.status).toBe(200);
      const returned = performance.now();
      // Per variant: when the last request that still got the old badge was sent, and when the
      // revoked badge first arrived. Past the first, nobody is shown the old badge; the second adds
      // the render of the new one, which on a loaded machine takes what the machine gives it.
      const reach = await Promise.all(
        paths.map(async ({ v, p }) => {
          let lastStale = 0;
          while (performance.now() - returned < 30_000) {
            const sent = performance.now() - returned;
            const bytes = Buffer.from(await (await viaEdge(p)).arrayBuffer());
            if (withoutCredential(v.format, bytes))
              return { lastStale, revoked: performance.now() - returned };
            lastStale = sent;
            await new Promise((r) => setTimeout(r, 10));
          }
          return { lastStale, revoked: Infinity };
        }),
      );
      const worstStale = Math.max(...reach.map((r) => r.lastStale));
      const worstRevoked = Math.max(...reach.map((r) => r.revoked));
      console.log(
        `revocation through the edge, ${paths.length} variants: old badge last served to a request sent at ` +
          `${worstStale.toFixed(0)} ms; revoked badge in every variant by ${worstRevoked.toFixed(0)} ms`,
      );
      expect(worstStale).toBeLessThan(1000);
      expect(worstRevoked).toBeLessThan(30_000);
      // The status list the credential sits in was purged too: its bit is set at the edge.
      expect((await bitAtEdge()).bit).toBe(1);
    }, 90_000);

    it('turns a Referer seen only by the edge into a misuse signal through log ingestion', async () => {
      const id = two.reg.activeBe;
      const p = `/badges/${id}.svg?lang=en`;
      await (await viaEdge(p)).arrayBuffer();
      const hit = await viaEdge(p, { referer: 'https://fake-shop.example/checkout' });
      await hit.arrayBuffer();
      // A hit: the registry never saw this request or its Referer.
      expect(hit.headers.get('x-cache')).toBe('HIT');
      let log = '';
      await expect
        .poll(
          async () => {
            log = await fs.readFile(ncsaFile, 'utf8').catch(() => '');
            return log.includes('fake-shop.example');
          },
          { timeout: 10_000, interval: 50 },
        )
        .toBe(true);
      const refused = await fetch(`${two.b.url}/api/v1/edge/log`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: 'Bearer wrong' },
        body: log,
      });
      expect(refused.status).toBe(401);
      const sent = await fetch(`${edge.url}/api/v1/edge/log`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${EDGE_LOG_TOKEN}` },
        body: log,
      });
      const outcome = (await sent.json()) as { badges: number; rejected: number };
      expect(sent.status).toBe(200);
      expect(outcome.rejected).toBe(0);
      expect(outcome.badges).toBeGreaterThanOrEqual(2);
      await expect
        .poll(
          async () =>
            (
              await two.handle.db
                .selectFrom('misuse_report')
                .select('hits')
                .where('host', '=', 'fake-shop.example')
                .where('source', '=', 'badge_referer')
                .executeTakeFirst()
            )?.hits ?? 0,
          { timeout: 15_000, interval: 100 },
        )
        .toBe(1);
    });
  },
);
