import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { adminCall, prepareAdmin, signInUi, type AdminFixture } from '../../helpers/admin-e2e.ts';
import { prepareRegistry } from '../../helpers/registry-fixture.ts';
import { createPgDatabase, DIALECTS, dropPgDatabase } from '../../helpers/databases.ts';
import { anyCursor, HOSTILE_CURSORS, REFUSED_EVERYWHERE } from '../../helpers/cursors.ts';
import { xmlProblem } from '../../helpers/xml.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';

// Hardening items 10–12 through the built server, on each database: every cursor-paged page and
// API refuses hostile cursors with a 400 (never a 500), the Atom feed stays well-formed with
// U+FFFF in a name and U+FFFE in a reason, and user names are isolated (<bdi>) on our pages.

type As = 'public' | 'cookie' | 'token';
/** Every cursor-paged route: public pages and API, admin pages (signed in) and admin API. */
const PAGED: ReadonlyArray<[string, As]> = [
  ['/search?q=testlid&', 'public'],
  ['/en/search?country=NL&', 'public'],
  ['/search?q=testlid&sort=relevance&', 'public'],
  ['/changes?', 'public'],
  ['/fr/changes?kind=revoked&', 'public'],
  ['/api/v1/organisations?', 'public'],
  ['/api/v1/organisations?q=testlid&sort=relevance&', 'public'],
  ['/api/v1/certifications?', 'public'],
  ['/api/v1/changes?', 'public'],
  ['/admin/organisations?', 'cookie'],
  ['/admin/organisations?q=testlid&sort=relevance&', 'cookie'],
  ['/admin/certifications?', 'cookie'],
  ['/admin/events?', 'cookie'],
  ['/admin/reports?', 'cookie'],
  ['/admin/audit?', 'cookie'],
  ['/api/v1/admin/organisations?', 'token'],
  ['/api/v1/admin/certifications?', 'token'],
  ['/api/v1/admin/events?', 'token'],
  ['/api/v1/admin/reports?', 'token'],
  ['/api/v1/admin/audit?', 'token'],
];

const NAME = 'Testlid חברה\uffff B.V.';
const SHOWN = 'Testlid חברה B.V.';

describe.each(DIALECTS)('hostile input through the server on %s', (kind) => {
  let dataDir: string;
  let pgUrl: string | null = null;
  let server: ServerProcess;
  let fx: AdminFixture;
  let cookie = '';
  let slug = '';

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-hostile-'));
    pgUrl = kind === 'postgres' ? await createPgDatabase() : null;
    const handle = await openDatabase({ databaseUrl: pgUrl, dataDir, role: 'test fixture' });
    try {
      await migrateToLatest(handle.db);
      await seedSchemes(handle.db);
      const reg = await prepareRegistry(handle.db);
      fx = { reg, ...(await prepareAdmin(handle.db)) };
    } finally {
      await handle.close();
    }
    server = await startServerProcess({ DATA_DIR: dataDir, ...(pgUrl ? { DATABASE_URL: pgUrl } : {}) });
    cookie = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
    const cert = await adminCall(server.url, 'GET', `/certifications/${fx.reg.active}`, fx.tokens.admin);
    slug = cert.body.organisation.slug;
    // A name with a character XML forbids, and a revocation whose reason has another.
    const renamed = await adminCall(server.url, 'PATCH', `/organisations/${slug}`, fx.tokens.admin, {
      legalName: NAME,
    });
    expect(renamed.status).toBe(200);
    const revoked = await adminCall(
      server.url,
      'POST',
      `/certifications/${fx.reg.suspended}/revoke`,
      fx.tokens.admin,
      {
        reason: 'fraude \ufffe aangetoond',
      },
    );
    expect(revoked.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    if (pgUrl) await dropPgDatabase(pgUrl);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function get(p: string, as: As): Promise<{ status: number; type: string; body: string }> {
    const headers: Record<string, string> =
      as === 'cookie' ? { cookie } : as === 'token' ? { authorization: `Bearer ${fx.tokens.admin}` } : {};
    const response = await fetch(`${server.url}${p}`, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: await response.text(),
    };
  }

  it.each(PAGED)('%s refuses hostile cursors with a 400, never a 500', async (p, as) => {
    for (const cursor of HOSTILE_CURSORS) {
      const r = await get(`${p}cursor=${cursor}`, as);
      expect(r.status, `${p}cursor=${cursor} → ${r.body.slice(0, 300)}`).toBeLessThan(500);
      if (REFUSED_EVERYWHERE.includes(cursor)) expect(r.status, `${p}cursor=${cursor}`).toBe(400);
      if (r.status === 400 && p.startsWith('/api/')) expect(r.type).toBe('application/problem+json');
    }
    expect(server.output()).not.toMatch(/handler failed|error: invalid input|out of range/i);
  });

  it('property: any cursor on any paged route is never a 5xx', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAGED), anyCursor, async ([p, as], cursor) => {
        const r = await get(`${p}cursor=${encodeURIComponent(cursor)}`, as);
        expect(r.status, `${p}cursor=${cursor} → ${r.body.slice(0, 300)}`).toBeLessThan(500);
        if (r.status >= 400 && p.startsWith('/api/')) expect(r.type).toBe('application/problem+json');
      }),
      { numRuns: 200 },
    );
  });

  it('the Atom feeds stay well-formed with U+FFFF in a name and U+FFFE in a reason', async () => {
    for (const feed of ['/changes.atom', '/en/changes.atom', '/fr/changes.atom']) {
      const r = await get(feed, 'public');
      expect(r.status).toBe(200);
      expect(xmlProblem(r.body), feed).toBeNull();
      expect(r.body).toContain('fraude  aangetoond');
    }
    // The badge of the renamed organisation: its baked title carries the name.
    const badge = await get(`/badges/${fx.reg.active}.svg`, 'public');
    expect(badge.status).toBe(200);
    expect(xmlProblem(badge.body)).toBeNull();
    expect(badge.body).toContain(SHOWN);
  });

  it('isolates the organisation name on the search, organisation, verify and admin pages', async () => {
    const pages: Array<[string, As]> = [
      ['/search?q=testlid', 'public'],
      [`/organisations/${slug}`, 'public'],
      [`/en/verify/${fx.reg.active}`, 'public'],
      ['/admin/organisations?q=testlid', 'cookie'],
      ['/admin/certifications', 'cookie'],
    ];
    for (const [p, as] of pages) {
      const r = await get(p, as);
      expect(r.status, p).toBe(200);
      const name = new RegExp(`<bdi>${SHOWN.replace(' B.V.', '')}\\W? B\\.V\\.</bdi>`);
      expect(r.body, p).toMatch(name);
    }
    expect((await get(`/organisations/${slug}`, 'public')).body).toContain('<bdi>Utrecht</bdi>');
  });
});
