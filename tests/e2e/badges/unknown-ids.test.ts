import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  metricValue,
  SERVER_DATABASES,
  startRegistryServer,
  type RegistryServer,
} from '../../helpers/registry-server.ts';
import { adminCall } from '../../helpers/admin-e2e.ts';
import { newPublicId, createCertification } from '../../../db/certification/transitions.ts';
import { nextKvk } from '../../helpers/fixtures.ts';

// Random well-formed ids used to cost a render each (~270× a cached badge). Now every unknown id
// shares one rendered "not found" image per variant, and a repeated one costs no database query.
describe.each(SERVER_DATABASES)('unknown badge ids on %s', (kind) => {
  let r: RegistryServer;
  beforeAll(async () => {
    r = await startRegistryServer(kind);
  });
  afterAll(async () => {
    await r?.stop();
  });

  const badge = (id: string, query = '', headers: Record<string, string> = {}) =>
    fetch(`${r.server.url}/badges/${id}.svg${query}`, { headers });

  it('renders the "not found" image once per variant, however many ids ask for it', async () => {
    const before = await r.metrics();
    const first = await badge(newPublicId());
    const reference = await first.text();
    expect(first.status).toBe(404);
    const ids = Array.from({ length: 200 }, () => newPublicId());
    for (let i = 0; i < ids.length; i += 20) {
      const answers = await Promise.all(
        ids.slice(i, i + 20).map((id) => badge(id, '', { 'accept-encoding': 'br' })),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).toBe('image/svg+xml');
        expect(answer.headers.get('etag')).toBe(first.headers.get('etag'));
        expect(await answer.text()).toBe(reference); // fetch decodes the brotli body
      }
    }
    // The same ids again are answered from memory too. No id cost a database query: the
    // server knows every id in the registry.
    for (const id of ids.slice(0, 50)) expect((await badge(id)).status).toBe(404);
    const after = await r.metrics();
    const renders = metricValue(after, 'keurmerk_badge_renders_total');
    expect(renders - metricValue(before, 'keurmerk_badge_renders_total')).toBeLessThanOrEqual(1);
    expect(metricValue(after, 'keurmerk_badge_lookups_total')).toBe(
      metricValue(before, 'keurmerk_badge_lookups_total'),
    );
    // Other variants: one render each, then shared too.
    for (const query of ['?theme=dark', '?lang=fr&size=s'])
      for (let i = 0; i < 5; i++) expect((await badge(newPublicId(), query)).status).toBe(404);
    expect(metricValue(await r.metrics(), 'keurmerk_badge_renders_total')).toBe(renders + 2);
  });

  it('shows a certification created afterwards at once', async () => {
    const token = r.fixture.tokens.admin;
    const revoked = await adminCall(r.server.url, 'GET', `/certifications/${r.fixture.reg.revoked}`, token);
    expect(revoked.status).toBe(200);
    let publicId: string;
    if (r.handle) {
      // PostgreSQL: the test can choose the id, so it asks for it first and is told "not found".
      publicId = newPublicId();
      expect((await badge(publicId)).status).toBe(404);
      expect((await badge(publicId)).status).toBe(404);
      const org = await r.handle.db
        .selectFrom('organisation')
        .select('id')
        .where('slug', '=', revoked.body.organisation.slug)
        .executeTakeFirstOrThrow();
      const scheme = await r.handle.db
        .selectFrom('scheme')
        .select('id')
        .where('slug', '=', revoked.body.scheme)
        .executeTakeFirstOrThrow();
      await createCertification(r.handle.db, {
        organisationId: org.id,
        schemeId: scheme.id,
        assuranceLevel: 'reviewed',
        actor: 'test',
        reason: 'a new application',
        publicId,
      });
    } else {
      const created = await adminCall(r.server.url, 'POST', '/certifications', token, {
        organisation: revoked.body.organisation.slug,
        scheme: revoked.body.scheme,
        assuranceLevel: 'reviewed',
        reason: 'a new application',
      });
      expect(created.status).toBe(201);
      publicId = created.body.publicId;
    }
    // NOTIFY travels after the commit; "at once" is within the time a notification takes.
    const deadline = Date.now() + 1_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await badge(publicId)).status) !== 200)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(status).toBe(200);
  });

  it('shows a certification imported from CSV at once (bulk writes announce their ids too)', async () => {
    const csv = `country,registry_id,legal_name,city,phones,scheme,status,valid_from\nNL,${nextKvk()},Geimporteerd B.V.,Utrecht,,ksf-service-promises,pending,\n`;
    const imported = await fetch(`${r.server.url}/api/v1/admin/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.fixture.tokens.admin}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    const pending = await adminCall(
      r.server.url,
      'GET',
      '/certifications?status=pending',
      r.fixture.tokens.admin,
    );
    const ids = (pending.body.data as Array<{ publicId: string }>).map((c) => c.publicId);
    const publicId = ids.find((id) => id !== r.fixture.reg.pending)!;
    expect(publicId).toBeDefined();
    const deadline = Date.now() + 1_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await badge(publicId)).status) !== 200)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(status).toBe(200);
  });
});
