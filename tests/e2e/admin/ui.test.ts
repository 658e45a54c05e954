import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { svgCredentials } from '../../helpers/badge-reading.ts';
import { IMPORT_HEADER, importRow } from '../../bench/import-csv.ts';
import {
  adminCall,
  cookiesFrom,
  getPage,
  postForm,
  prepareAdminDataDir,
  signInUi,
  STAFF_PASSWORD,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';

describe('admin pages on the running server', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: AdminFixture;
  let admin: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-ui-'));
    fx = await prepareAdminDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    admin = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('sets an HttpOnly, SameSite session cookie and sends signed-in staff to the page they asked for', async () => {
    const anonymous = await getPage(server.url, '/admin/events');
    expect(anonymous.location).toBe('/admin/sign-in?next=%2Fadmin%2Fevents');
    const response = await postForm(server.url, '/admin/sign-in', {
      ...fx.staff.assessor,
      next: '/admin/events',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/events');
    const session = response.headers.getSetCookie().find((c) => c.startsWith('km_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    const evil = await postForm(server.url, '/admin/sign-in', {
      ...fx.staff.assessor,
      next: 'https://evil.example/',
    });
    expect(evil.headers.get('location')).toBe('/admin');
    const page = await getPage(server.url, '/admin/events', cookiesFrom(response));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Hash-keten intact');
    expect(page.html).not.toContain('<script');
  });

  it('lists the latest changes on the overview newest first, and its cards without bullets', async () => {
    // The fixture granted the expired certification last but dated two years back: id order is
    // not time order.
    const page = await getPage(server.url, '/admin', admin);
    expect(page.status).toBe(200);
    const recent = /<section aria-labelledby="recent"[\s\S]*?<\/section>/.exec(page.html)![0];
    const times = [...recent.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]!));
    expect(times.length).toBeGreaterThan(5);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.html).toContain('<ul class="cards" role="list"');
    const css = await Promise.all(
      [...page.html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(async (m) =>
        (await fetch(`${server.url}${m[1]}`)).text(),
      ),
    );
    expect(css.join('\n')).toMatch(/\.cards\s*\{[^}]*list-style:\s*none/);
  });

  it('does not accept a session cookie from before sign-in after it', async () => {
    // A cookie planted before sign-in (session fixation) is replaced, never adopted.
    const planted = `km_session=kms_${'Q'.repeat(43)}`;
    const after = await signInUi(server.url, fx.staff.viewer.email, fx.staff.viewer.password, planted);
    expect(after).not.toContain('Q'.repeat(43));
    expect((await getPage(server.url, '/admin', planted)).status).toBe(303);
    expect((await getPage(server.url, '/admin', after)).status).toBe(200);
    // A real session sent along with a new sign-in ends: the old cookie stops working.
    const again = await signInUi(server.url, fx.staff.viewer.email, fx.staff.viewer.password, after);
    expect(again).not.toBe(after);
    expect((await getPage(server.url, '/admin', after)).status).toBe(303);
    expect((await getPage(server.url, '/admin', again)).status).toBe(200);
  });

  it('refuses a cross-origin form POST, even with a valid session', async () => {
    const evil = await postForm(
      server.url,
      `/admin/certifications/${fx.reg.activeBe}/revoke`,
      { reason: 'csrf', confirm: 'yes' },
      admin,
      'https://evil.example',
    );
    expect(evil.status).toBe(403);
    const sameSiteSibling = await postForm(
      server.url,
      '/admin/staff',
      {
        action: 'create',
        email: 'x@evil.test',
        displayName: 'x',
        role: 'admin',
        password: 'lange zin voor iemand anders',
      },
      admin,
      'http://127.0.0.1:1',
    );
    expect(sameSiteSibling.status).toBe(403);
    const detail = await adminCall(server.url, 'GET', `/certifications/${fx.reg.activeBe}`, fx.tokens.viewer);
    expect(detail.body.status).toBe('active');
    expect(
      (await adminCall(server.url, 'GET', '/staff', fx.tokens.admin)).body.map(
        (s: { email: string }) => s.email,
      ),
    ).not.toContain('x@evil.test');
  });

  it('throttles brute force: the right password is refused once the account is locked', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await postForm(server.url, '/admin/sign-in', {
        email: fx.staff.assessor.email,
        password: `guess number ${i}`,
      });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('E-mailadres of wachtwoord klopt niet');
    }
    const locked = await postForm(server.url, '/admin/sign-in', fx.staff.assessor);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.headers.getSetCookie().find((c) => c.startsWith('km_session='))).toBeUndefined();
    const audit = await adminCall(server.url, 'GET', '/audit?action=auth.login&limit=20', fx.tokens.admin);
    const outcomes = audit.body.data
      .filter((a: { target: string }) => a.target === fx.staff.assessor.email)
      .map((a: { outcome: string }) => a.outcome);
    expect(outcomes.slice(0, 6)).toEqual(['denied', 'failed', 'failed', 'failed', 'failed', 'failed']);
    expect(audit.body.data[0]).toMatchObject({ clientAddress: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('revokes with a confirmation step and a mandatory reason; a resubmitted form has no second effect', async () => {
    const publicId = fx.reg.active;
    const confirm = await getPage(server.url, `/admin/certifications/${publicId}/revoke`, admin);
    expect(confirm.html).toContain('Intrekken is definitief');
    const once = /name="once" value="([^"]+)"/.exec(confirm.html)![1]!;
    const noReason = await postForm(
      server.url,
      `/admin/certifications/${publicId}/revoke`,
      { once, reason: ' ', confirm: 'yes' },
      admin,
    );
    expect(noReason.status).toBe(400);
    // The catalogue's message in the admin language (Dutch), not the English detail.
    const noReasonHtml = await noReason.text();
    expect(noReasonHtml).toContain('Het veld reason is niet geldig.');
    expect(noReasonHtml).not.toContain('is required');
    const unconfirmed = await postForm(
      server.url,
      `/admin/certifications/${publicId}/revoke`,
      { once, reason: 'Fraude' },
      admin,
    );
    expect(unconfirmed.status).toBe(400);
    const unconfirmedHtml = await unconfirmed.text();
    expect(unconfirmedHtml).toContain('Vink het bevestigingsvakje aan.');
    expect(
      (await adminCall(server.url, 'GET', `/certifications/${publicId}`, fx.tokens.viewer)).body.status,
    ).toBe('active');
    const fresh = /name="once" value="([^"]+)"/.exec(unconfirmedHtml)![1]!;
    const done = await postForm(
      server.url,
      `/admin/certifications/${publicId}/revoke`,
      { once: fresh, reason: 'Fraude met klantgegevens', confirm: 'yes' },
      admin,
    );
    expect(done.status).toBe(303);
    const twice = await postForm(
      server.url,
      `/admin/certifications/${publicId}/revoke`,
      { once: fresh, reason: 'Fraude met klantgegevens', confirm: 'yes' },
      admin,
    );
    expect(await twice.text()).toContain('Dit formulier is al verwerkt');
    const detail = await adminCall(server.url, 'GET', `/certifications/${publicId}`, fx.tokens.viewer);
    expect(detail.body.status).toBe('revoked');
    expect(detail.body.events.filter((e: { kind: string }) => e.kind === 'revoked')).toEqual([
      expect.objectContaining({ actor: fx.staff.admin.email, reason: 'Fraude met klantgegevens' }),
    ]);
    expect(svgCredentials(await (await fetch(`${server.url}/badges/${publicId}.svg`)).text())).toHaveLength(
      0,
    );
  });

  it('imports an uploaded CSV all or nothing, naming the bad row', async () => {
    const upload = (rows: string[], dryRun = false) => {
      const form = new FormData();
      form.set('file', new Blob([[IMPORT_HEADER, ...rows].join('\n')], { type: 'text/csv' }), 'leden.csv');
      if (dryRun) form.set('dryRun', 'true');
      return fetch(`${server.url}/admin/import`, {
        method: 'POST',
        body: form,
        headers: { cookie: admin, origin: server.url },
      });
    };
    const rows = Array.from({ length: 8 }, (_, i) => importRow(i, 41));
    const bad = [...rows];
    bad[5] = bad[5]!.replace(/^(NL|BE),\d+,/, '$1,999,');
    const failed = await upload(bad);
    expect(failed.status).toBe(422);
    const html = await failed.text();
    expect(html).toContain('er is niets geïmporteerd');
    expect(html).toMatch(/<td>7<\/td><td>registry_id<\/td>/);
    const dry = await upload(rows, true);
    expect(await dry.text()).toContain('Er is niets opgeslagen');
    expect(await (await upload(rows)).text()).toContain(
      '8 organisaties en 6 certificeringen toegevoegd; 0 waren er al',
    );
    expect(await (await upload(rows)).text()).toContain(
      '0 organisaties en 0 certificeringen toegevoegd; 8 waren er al',
    );
  });

  it('shows a new API token once and never again', async () => {
    const created = await postForm(
      server.url,
      '/admin/tokens',
      { action: 'create', name: 'from-the-ui', role: 'viewer' },
      admin,
    );
    const token = /kmt_[\w-]{43}/.exec(await created.text())![0];
    expect((await getPage(server.url, '/admin/tokens', admin)).html).not.toContain(token);
    expect((await adminCall(server.url, 'GET', '/me', token)).body).toMatchObject({
      name: 'from-the-ui',
      role: 'viewer',
    });
  });

  it('never returns or logs a password', async () => {
    const typed = 'mijn-geheime-poging-123';
    const wrong = await postForm(server.url, '/admin/sign-in', {
      email: fx.staff.viewer.email,
      password: typed,
    });
    expect(await wrong.text()).not.toContain(typed);
    const staffPage = await getPage(server.url, '/admin/staff', admin);
    expect(staffPage.html).not.toContain('scrypt$');
    expect(staffPage.html).not.toContain(STAFF_PASSWORD);
    for (const secret of [typed, STAFF_PASSWORD, 'kms_', 'kmd_'])
      expect(server.output()).not.toContain(secret);
    expect(server.output()).toContain('"path":"/admin/sign-in"'); // the requests were logged, without secrets
  });

  it('speaks English on request', async () => {
    const en = await getPage(server.url, '/admin?lang=en', admin);
    expect(en.html).toContain('<html lang="en"');
    expect(en.html).toContain('Certifications by status');
  });
});
