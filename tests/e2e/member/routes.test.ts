import fs from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { getPage, postForm } from '../../helpers/admin-e2e.ts';
import { prepareMemberDataDir, type MemberFixture } from '../../helpers/member-e2e.ts';
import { MEMBER_PAGES } from '../../../site/lib/member/pages.ts';
import { DOMAIN_ACTIONS } from '../../../site/lib/member/domain-actions.ts';
import { SIGHTING_ACTIONS } from '../../../site/lib/member/sighting-actions.ts';
import { NOTIFICATION_ACTIONS } from '../../../site/lib/member/notification-actions.ts';

/** Every page file under site/pages/[...lang]/member as a pattern (`[slug]` → `:slug`). */
function pageFilePatterns(
  dir = path.join(ROOT, 'site/pages/[...lang]/member'),
  prefix = '/member',
): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = entry.name.replace(/\[(\w+)\]/g, ':$1');
    if (entry.isDirectory()) return pageFilePatterns(path.join(dir, entry.name), `${prefix}/${name}`);
    const base = name.replace(/\.(astro|ts)$/, '');
    return [base === 'index' ? prefix : `${prefix}/${base}`];
  });
}

const LANGS = ['', '/en', '/fr'] as const;
const OWNER_ACTIONS = ['invite', 'role', 'remove', 'hand-over'] as const;
/** The form actions of each organisation page with its own (the colleagues page has OWNER_ACTIONS). */
const PAGE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  '/member/org/:slug/domains': Object.keys(DOMAIN_ACTIONS),
  '/member/org/:slug/sightings': Object.keys(SIGHTING_ACTIONS),
  '/member/org/:slug/notifications': Object.keys(NOTIFICATION_ACTIONS),
};
/** Fields the portal forms read, filled so a refusal cannot come from a missing field. */
const FORM_FIELDS = { hostname: 'shop.alfa.test', claim: '1', sighting: '1', note: 'x', digest: 'on' };
const actionsOf = (pattern: string): readonly string[] => PAGE_ACTIONS[pattern] ?? OWNER_ACTIONS;

describe('every member route is guarded (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: MemberFixture;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-member-routes-'));
    fx = await prepareMemberDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const fill = (pattern: string, slug = fx.slugA) =>
    pattern
      .replace(':slug', slug)
      .replace(':id', String(fx.caseA))
      .replace(':evidence', String(fx.evidenceA))
      .replace(':publicId', fx.publicIdA);

  it('the page table names exactly the page files', () => {
    expect(MEMBER_PAGES.map((p) => p.pattern).sort()).toEqual(pageFilePatterns().sort());
  });

  it('anonymous: every member page but sign-in and the link page sends to the sign-in of its language', async () => {
    for (const lang of LANGS)
      for (const page of MEMBER_PAGES)
        for (const method of ['get', 'post'] as const) {
          const needs = page[method];
          if (!needs) continue;
          const url = `${lang}${fill(page.pattern)}`;
          const response =
            method === 'get'
              ? await getPage(server.url, url)
              : await (async () => {
                  const r = await postForm(server.url, url, { action: 'invite', email: 'x@alfa.test' });
                  return { status: r.status, location: r.headers.get('location'), html: await r.text() };
                })();
          if (needs === 'public') {
            expect(response.status, `${method} ${url}`).not.toBe(303);
            expect([200, 400, 410], `${method} ${url}`).toContain(response.status);
          } else {
            expect(response.status, `${method} ${url}`).toBe(303);
            expect(response.location, `${method} ${url}`).toMatch(
              new RegExp(`^${lang}/member/sign-in\\?next=`),
            );
          }
        }
  });

  it('a member of another organisation gets 404 on every route of it, a stranger path 404, another method 405', async () => {
    for (const page of MEMBER_PAGES.filter((p) => p.pattern.includes(':slug'))) {
      const url = fill(page.pattern);
      expect((await getPage(server.url, url, fx.cookies.ownerB)).status, `GET ${url}`).toBe(404);
      expect((await getPage(server.url, `/en${url}`, fx.cookies.ownerB)).status, `GET /en${url}`).toBe(404);
      if (page.post)
        for (const action of actionsOf(page.pattern)) {
          const r = await postForm(
            server.url,
            url,
            { action, member: String(fx.ids.ownerA), role: 'editor', email: 'x@alfa.test', ...FORM_FIELDS },
            fx.cookies.ownerB,
          );
          expect(r.status, `POST ${url} ${action}`).toBe(404);
          await r.arrayBuffer();
        }
    }
    expect((await getPage(server.url, '/member/org/no-such-org', fx.cookies.ownerA)).status).toBe(404);
    // A certification of another organisation, under one's own organisation, is not found either.
    for (const url of [
      `/member/org/${fx.slugB}/certifications/${fx.publicIdA}`,
      `/member/org/${fx.slugB}/certifications/${fx.publicIdA}/qr?format=png`,
      // Objections (issue 18): another organisation's certification or case, under one's own.
      `/member/org/${fx.slugB}/certifications/${fx.publicIdA}/objection`,
      `/member/org/${fx.slugB}/cases/${fx.caseA}/objection`,
      `/member/org/${fx.slugA}/certifications/nosuchcert1`,
    ])
      expect((await getPage(server.url, url, fx.cookies.ownerB)).status, url).toBe(404);
    expect((await getPage(server.url, '/member/nothing-here', fx.cookies.ownerA)).status).toBe(404);
    const put = await fetch(`${server.url}/member/profile`, {
      method: 'PUT',
      headers: { cookie: fx.cookies.ownerA, origin: server.url },
    });
    expect(put.status).toBe(405);
  });

  it('an editor sees the organisation and is refused every owner action with 403; nothing changes', async () => {
    for (const page of MEMBER_PAGES.filter((p) => p.get === 'member'))
      expect((await getPage(server.url, fill(page.pattern), fx.cookies.editorA)).status, page.pattern).toBe(
        200,
      );
    for (const page of MEMBER_PAGES.filter((p) => p.ownerPost))
      for (const action of actionsOf(page.pattern)) {
        const r = await postForm(
          server.url,
          fill(page.pattern),
          { action, member: String(fx.ids.ownerA), role: 'editor', email: 'neef@alfa.test', ...FORM_FIELDS },
          fx.cookies.editorA,
        );
        expect(r.status, `${page.pattern} ${action}`).toBe(403);
        await r.arrayBuffer();
      }
    const colleagues = await getPage(server.url, fill('/member/org/:slug/colleagues'), fx.cookies.ownerA);
    expect(colleagues.status).toBe(200);
    expect(colleagues.html).not.toContain('neef@alfa.test');
    expect(colleagues.html).toContain('eigenaar@alfa.test');
    const domains = await getPage(server.url, fill('/member/org/:slug/domains'), fx.cookies.ownerA);
    expect(domains.status).toBe(200);
    expect(domains.html).not.toContain('shop.alfa.test');
  });

  it('an owner reaches every page, in every language; member pages are never cached', async () => {
    for (const lang of LANGS)
      for (const page of MEMBER_PAGES.filter((p) => p.get === 'member')) {
        const response = await fetch(`${server.url}${lang}${fill(page.pattern)}`, {
          redirect: 'manual',
          headers: { cookie: fx.cookies.ownerA },
        });
        expect(response.status, `${lang}${page.pattern}`).toBe(200);
        expect(response.headers.get('cache-control')).toMatch(/no-store/);
        await response.arrayBuffer();
      }
  });

  it('a form from another origin is refused (CSRF), and the staff cookie is not a member cookie', async () => {
    const r = await postForm(
      server.url,
      '/member/profile',
      { action: 'profile', name: 'X', language: 'nl' },
      fx.cookies.ownerA,
      'https://evil.example',
    );
    expect(r.status).toBe(403);
    await r.arrayBuffer();
    const staffCookie = fx.cookies.ownerA.replace('km_member=', 'km_session=');
    expect((await getPage(server.url, '/member', staffCookie)).status).toBe(303);
  });
});
