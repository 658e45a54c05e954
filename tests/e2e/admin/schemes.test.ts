import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import {
  adminCall,
  getPage,
  postForm,
  prepareAdminDataDir,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { decodeJwt, obSchemaValidate, svgCredentials, webCryptoVerify } from '../../helpers/badge-reading.ts';

const SLUG = 'fair-queue';
const texts = (nl: string, en: string, fr: string) => ({ nl, en, fr });
const DEFINITION = {
  owner: { name: 'Contact Center Vereniging', slug: 'ccv', url: 'https://ccv.example' },
  country: 'NL',
  inForceFrom: '2027-01-01',
  validityMonths: 12,
  name: texts('Eerlijke Wachtrij', 'Fair Queue', 'File équitable'),
  description: texts(
    'Eerlijke wachtrij-informatie.',
    'Honest queue information.',
    "Informations d'attente honnêtes.",
  ),
  criteria: [
    {
      code: 'q1',
      title: texts('Wachttijd gemeld', 'Wait announced', 'Attente annoncée'),
      description: texts('Altijd.', 'Always.', 'Toujours.'),
    },
    {
      code: 'q2',
      title: texts('Terugbellen', 'Call-back', 'Rappel'),
      description: texts('Aangeboden.', 'Offered.', 'Proposé.'),
    },
  ],
};

// A third scheme made in the running server through the admin API: no file added, no restart.
describe('a third scheme through the admin API (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: AdminFixture;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-schemes-'));
    fx = await prepareAdminDataDir(dataDir);
    server = await startServerProcess({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const api = (method: string, p: string, body?: unknown, token = fx.tokens.admin) =>
    adminCall(server.url, method, p, token, body);

  it('is a draft that is not public, then published and certified against; its badge names the version and verifies', async () => {
    const created = await api('POST', '/schemes', { slug: SLUG, ...DEFINITION });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Drafts are not public: no API answer, no page, not in the list.
    expect((await fetch(`${server.url}/api/v1/schemes/${SLUG}`)).status).toBe(404);
    expect((await getPage(server.url, `/en/schemes/${SLUG}`)).status).toBe(404);
    expect((await getPage(server.url, `/schemes`)).html).not.toContain('Eerlijke Wachtrij');
    const publishedVersions = async () =>
      (
        (await (
          await fetch(`${server.url}/api/v1/changes?kind=scheme_published&scheme=${SLUG}`)
        ).json()) as any
      ).data;
    expect(await publishedVersions()).toEqual([]);

    expect((await api('POST', `/schemes/${SLUG}/versions/1/publish`, {})).status).toBe(200);
    // The public change log says so, in the API, on the page and in the feed.
    expect(await publishedVersions()).toEqual([
      expect.objectContaining({
        kind: 'scheme_published',
        scheme: SLUG,
        schemeVersion: 1,
        organisation: null,
      }),
    ]);
    expect((await getPage(server.url, `/en/changes?kind=scheme_published`)).html).toMatch(
      /Fair Queue(<\/span>)?<\/a>: <strong>version 1 published<\/strong>/,
    );
    expect((await getPage(server.url, `/changes?kind=scheme_published`)).html).toContain(
      'versie 1 gepubliceerd',
    );
    expect((await getPage(server.url, `/fr/changes.atom`)).html).toContain(
      'File équitable : version 1 publiée',
    );
    const scheme = (await (await fetch(`${server.url}/api/v1/schemes/${SLUG}`)).json()) as any;
    expect(scheme).toMatchObject({ slug: SLUG, version: 1, renewalGraceDays: 30, objectionPeriodDays: 42 });
    const page = await getPage(server.url, `/en/schemes/${SLUG}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Fair Queue');
    expect(page.html).toMatch(/Version 1, published on/);
    expect((await getPage(server.url, `/fr/schemes/${SLUG}/versions/1`)).html).toContain('Rappel');

    // Certified through the existing admin lifecycle.
    const org = await api(
      'POST',
      '/organisations',
      {
        legalName: 'Wachtrij Test B.V.',
        country: 'NL',
        registryId: '87654325',
        city: 'Zwolle',
        website: 'https://wachtrij.example',
      },
      fx.tokens.assessor,
    );
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const cert = await api(
      'POST',
      '/certifications',
      { organisation: org.body.slug, scheme: SLUG, assuranceLevel: 'reviewed', reason: 'application' },
      fx.tokens.assessor,
    );
    expect(cert.status, JSON.stringify(cert.body)).toBe(201);
    const granted = await api(
      'POST',
      `/certifications/${cert.body.publicId}/grant`,
      { reason: 'all met', assessments: ['q1', 'q2'].map((criterion) => ({ criterion, result: 'met' })) },
      fx.tokens.assessor,
    );
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);

    const svg = await (await fetch(`${server.url}/badges/${cert.body.publicId}.svg`)).text();
    const [token] = svgCredentials(svg);
    expect(token).toBeDefined();
    const { header, payload } = decodeJwt(token!);
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: any[] };
    // The kid dereferences to the bare JWK, which the served JWKS lists too.
    const jwk = (await (await fetch(String(header['kid']))).json()) as JsonWebKey & { kid: string };
    expect(jwks.keys.map((k) => k.kid)).toContain(jwk.kid);
    expect(await webCryptoVerify(token!, jwk)).toBe(true);
    const { iss: _i, sub: _s, jti: _j, nbf: _n, exp: _e, ...credential } = payload;
    expect(obSchemaValidate()(credential)).toBe(true);
    expect(payload['credentialSubject'].achievement).toMatchObject({
      id: `${server.url}/schemes/${SLUG}/versions/1`,
      version: '1',
      name: 'Fair Queue',
    });
    // The registry's verdict names the version too.
    const verdict = (await (
      await fetch(`${server.url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: token!,
      })
    ).json()) as any;
    expect(verdict.verdict).toBe('valid');
    expect(verdict.certification.scheme).toMatchObject({ slug: SLUG, version: 1, currentVersion: 1 });
  });

  it('refuses to change a published version through the API and the pages (409)', async () => {
    const edit = await api('PUT', `/schemes/${SLUG}/versions/1`, {
      definition: { ...DEFINITION, validityMonths: 6 },
    });
    expect(edit.status).toBe(409);
    const cookie = await signInUi(server.url, fx.staff.admin.email, fx.staff.admin.password);
    const form = await postForm(
      server.url,
      `/admin/schemes/${SLUG}?lang=en`,
      { action: 'save', version: '1', definition: JSON.stringify({ ...DEFINITION, validityMonths: 6 }) },
      cookie,
    );
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('published and cannot change');
    const scheme = (await (await fetch(`${server.url}/api/v1/schemes/${SLUG}`)).json()) as any;
    expect(scheme.validityMonths).toBe(12);
    // The editor page is for admins only.
    const assessor = await signInUi(server.url, fx.staff.assessor.email, fx.staff.assessor.password);
    expect((await getPage(server.url, '/admin/schemes', assessor)).status).toBe(403);
    expect((await getPage(server.url, '/admin/schemes', cookie)).status).toBe(200);
  });
});
