import fs from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { routes } from '../../../api/routes/router.ts';
import { can, type Role } from '../../../api/admin/policy.ts';
import { ADMIN_PAGES, type AdminPage } from '../../../site/lib/admin/pages.ts';
import { ROOT } from '../../helpers/server-process.ts';
import { servedOpenApiValidator, type OpenApiValidator } from '../../helpers/openapi-validator.ts';
import {
  getPage,
  postForm,
  prepareAdminDataDir,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';

// Every admin API route, straight from the router's table: a new route is walked without a change here.
const apiRoutes = routes.filter((r) => r.path.startsWith('/api/v1/admin/'));

/** Every page file under site/pages/admin as a route pattern (`[slug].astro` → `:slug`). */
function pageFilePatterns(dir = path.join(ROOT, 'site/pages/admin'), prefix = '/admin'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = entry.name.replace(/\[(\w+)\]/g, ':$1');
    if (entry.isDirectory()) return pageFilePatterns(path.join(dir, entry.name), `${prefix}/${name}`);
    const base = name.replace(/\.(astro|ts)$/, '');
    return [base === 'index' ? prefix : `${prefix}/${base}`];
  });
}

describe('every admin route is guarded (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: AdminFixture;
  let openApi: OpenApiValidator;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-routes-'));
    fx = await prepareAdminDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir });
    openApi = await servedOpenApiValidator(server.url);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const fill = (pattern: string) =>
    pattern
      .replace(':publicId', fx.reg.pending)
      .replace(':slug', 'aanvrager-b-v-00000000')
      .replace(':hostname', 'shop.example.nl')
      .replace(':id', '1');

  async function send(route: (typeof apiRoutes)[number], token: string | null) {
    const changes = route.method !== 'GET';
    const response = await fetch(`${server.url}${fill(route.path)}`, {
      method: route.method,
      redirect: 'manual',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(changes ? { 'content-type': 'application/json' } : {}),
      },
      ...(changes ? { body: JSON.stringify({ reason: 'route walk', state: 'handled' }) } : {}),
    });
    // Every answer of the walk, refusals included, is held to the served OpenAPI document.
    await openApi.check(route.method, fill(route.path), response, route.path.replace(/:(\w+)/g, '{$1}'));
    await response.arrayBuffer();
    return response.status;
  }

  it('describes every admin route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const route of apiRoutes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toMatchObject({
        security: [{ adminToken: [] }],
      });
    }
  });

  it('lists a permission for every admin route (deny by default)', () => {
    expect(apiRoutes.length).toBeGreaterThan(30);
    for (const route of apiRoutes) expect(route.permission, `${route.method} ${route.path}`).toBeDefined();
  });

  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
    expect(await send(route, null), 'anonymous').toBe(401);
    expect(await send(route, fx.tokens.revoked), 'revoked token').toBe(401);
    expect(await send(route, fx.tokens.expired), 'expired token').toBe(401);
    expect(await send(route, `kmt_${'A'.repeat(43)}`), 'unknown token').toBe(401);
    if (route.method !== 'GET') expect(await send(route, fx.tokens.viewer), 'viewer changing').toBe(403);
    for (const role of ['admin', 'assessor', 'viewer'] as Role[]) {
      if (!can(role, route.permission))
        expect(await send(route, fx.tokens[role]), `${role} lacks ${route.permission}`).toBe(403);
    }
  });

  describe('admin pages', () => {
    const cookies: Record<string, string> = {};
    let staleCookie = '';
    beforeAll(async () => {
      for (const role of ['admin', 'assessor', 'viewer'] as const)
        cookies[role] = await signInUi(server.url, fx.staff[role].email, fx.staff[role].password);
      // A session that was signed out: its cookie must be worth nothing.
      staleCookie = await signInUi(server.url, fx.staff.viewer.email, fx.staff.viewer.password);
      await postForm(server.url, '/admin/sign-out', {}, staleCookie);
    });
    const samplePath = (pattern: string) =>
      pattern
        .replace(':slug', 'aanvrager-b-v-00000000')
        .replace(':publicId', fx.reg.pending)
        .replace(':action', 'grant');
    const refusedByGuard = (html: string) =>
      /Uw rol staat dit niet toe|Your role does not allow this/.test(html);

    it('the page table names every page file, and no other', () => {
      expect(pageFilePatterns().sort()).toEqual(ADMIN_PAGES.map((p) => p.pattern).sort());
    });

    it.each(ADMIN_PAGES.map((p) => [p.pattern, p] as const))('%s', async (_pattern, page: AdminPage) => {
      const url = samplePath(page.pattern);
      for (const [method, needs] of [
        ['GET', page.get],
        ['POST', page.post],
      ] as const) {
        const send = (cookie: string) =>
          method === 'GET'
            ? getPage(server.url, url, cookie)
            : postForm(server.url, url, { reason: 'walk' }, cookie).then(async (r) => ({
                status: r.status,
                location: r.headers.get('location'),
                html: await r.text(),
              }));
        if (!needs) {
          expect((await send(cookies['admin']!)).status, `${method} not offered`).toBe(405);
          continue;
        }
        if (needs === 'public') continue;
        for (const cookie of ['', staleCookie, 'km_session=kms_' + 'A'.repeat(43)]) {
          const anonymous = await send(cookie);
          expect(anonymous.status, `${method} anonymous`).toBe(303);
          expect(anonymous.location).toMatch(/^\/admin\/sign-in\?next=/);
        }
        for (const role of ['admin', 'assessor', 'viewer'] as Role[]) {
          if (can(role, needs)) continue;
          const refused = await send(cookies[role]!);
          expect(refused.status, `${method} as ${role}`).toBe(403);
          expect(refusedByGuard(refused.html)).toBe(true);
        }
        if (method === 'POST' && needs !== 'self') {
          const viewer = await send(cookies['viewer']!);
          expect(viewer.status, 'viewer changing').toBe(403);
          expect(refusedByGuard(viewer.html)).toBe(true);
        }
      }
    });

    it('refuses paths outside the table', async () => {
      expect((await getPage(server.url, '/admin/not-a-page', cookies['admin'])).status).toBe(404);
      expect((await getPage(server.url, '/admin/organisations/x/y/z', cookies['admin'])).status).toBe(404);
    });
  });
});
