import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKbo, nextKvk } from '../../../helpers/fixtures.ts';
import { prepareRegistry, type PreparedRegistry } from '../../../helpers/registry-fixture.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';

const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';
const KSF = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];

describe.each(DIALECTS)('admin API on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let reg: PreparedRegistry;
  const tokens: Record<'admin' | 'assessor' | 'viewer', string> = { admin: '', assessor: '', viewer: '' };

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h);
    for (const role of ['admin', 'assessor', 'viewer'] as const) {
      const created = await perform(
        context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'),
        createTokenOp,
        {
          name: `it-${role}`,
          role,
        },
      );
      tokens[role] = created.token;
    }
    reg = await prepareRegistry(h.db, deps.lifecycleHooks);
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function call(
    method: string,
    path: string,
    as: keyof typeof tokens | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const init: RequestInit = {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = (await dispatch(new Request(`${ORIGIN}/api/v1/admin${path}`, init), deps))!;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  async function newOrganisation(extra: Record<string, unknown> = {}) {
    const registryId = nextKvk();
    const res = await call('POST', '/organisations', 'assessor', {
      legalName: `Admin API Test ${registryId} B.V.`,
      country: 'NL',
      registryId,
      city: 'Amersfoort',
      website: `https://www.api-${registryId}.nl`,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { slug: string };
  }

  async function pendingCertification() {
    const org = await newOrganisation();
    const res = await call('POST', '/certifications', 'assessor', {
      organisation: org.slug,
      scheme: 'ksf-service-promises',
      assuranceLevel: 'self_declared',
      reason: 'Application received by e-mail',
    });
    expect(res.status).toBe(201);
    return res.body as { publicId: string };
  }

  const allMet = KSF.map((criterion) => ({ criterion, result: 'met' }));

  it('refuses anonymous calls with 401 and a Bearer challenge, and bad tokens likewise', async () => {
    const res = await call('GET', '/organisations', null);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="keurmerk-admin"/);
    const bad = await call('GET', '/organisations', null, undefined, {
      authorization: `Bearer kmt_${'x'.repeat(43)}`,
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('creates organisations with normalised domains and channels; validation is a 400 naming the field', async () => {
    const registryId = nextKbo();
    const res = await call('POST', '/organisations', 'assessor', {
      legalName: '  Klantendienst   Brugge NV ',
      country: 'BE',
      registryId: `BE ${registryId.slice(0, 4)}.${registryId.slice(4, 7)}.${registryId.slice(7)}`,
      city: 'Brugge',
      domains: ['Shop.Brugge-Test.be', 'https://www.brugge-test.be/contact'],
      channels: [
        { kind: 'phone', value: '050 12 34 56', label: 'Klantendienst' },
        { kind: 'email_domain', value: 'info@Brugge-Test.be' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ legalName: 'Klantendienst Brugge NV', registryId, country: 'BE' });
    const detail = await call('GET', `/organisations/${res.body.slug}`, 'viewer');
    expect(detail.body.domains.map((d: { hostname: string }) => d.hostname).sort()).toEqual([
      'shop.brugge-test.be',
      'www.brugge-test.be',
    ]);
    expect(detail.body.channels.map((c: { value: string }) => c.value).sort()).toEqual([
      '+3250123456',
      'brugge-test.be',
    ]);

    const dup = await call('POST', '/organisations', 'assessor', {
      legalName: 'Dup',
      country: 'BE',
      registryId,
      city: 'Gent',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe('https://keurmerk.dev/problems/duplicate_registry_id');
    const invalid = await call('POST', '/organisations', 'assessor', {
      legalName: 'X',
      country: 'BE',
      registryId: '0123456789',
      city: 'Gent',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ field: 'registryId' });
    const phone = await call('POST', '/organisations', 'assessor', {
      legalName: 'Y',
      country: 'NL',
      registryId: nextKvk(),
      city: 'Ede',
      channels: [{ kind: 'phone', value: 'call us' }],
    });
    expect(phone.status).toBe(400);
    expect(phone.body.field).toBe('channels[0].value');
  });

  it('edits an organisation, its domains and channels', async () => {
    const org = await newOrganisation();
    const edit = await call('PATCH', `/organisations/${org.slug}`, 'assessor', {
      city: 'Zwolle',
      sector: 'Energie',
      tradeNames: ['Zon'],
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      city: 'Zwolle',
      sector: 'Energie',
      tradeNames: ['Zon'],
      slug: org.slug,
    });
    expect(
      (await call('POST', `/organisations/${org.slug}/domains`, 'assessor', { hostname: 'Extra.Example.NL' }))
        .status,
    ).toBe(201);
    const taken = await call('POST', `/organisations/${org.slug}/domains`, 'assessor', {
      hostname: 'shop.example.nl',
    });
    expect(taken.status).toBe(409);
    expect(
      (await call('DELETE', `/organisations/${org.slug}/domains/extra.example.nl`, 'assessor')).status,
    ).toBe(200);
    const channel = await call('POST', `/organisations/${org.slug}/channels`, 'assessor', {
      kind: 'whatsapp',
      value: '06 12345678',
    });
    expect(channel.body).toMatchObject({ kind: 'whatsapp', value: '+31612345678' });
    expect(
      (await call('DELETE', `/organisations/${org.slug}/channels/${channel.body.id}`, 'assessor')).status,
    ).toBe(200);
    expect(
      (await call('DELETE', `/organisations/${org.slug}/channels/${channel.body.id}`, 'assessor')).status,
    ).toBe(404);
  });

  it('runs the whole lifecycle with reasons, assessments and an assurance level', async () => {
    const cert = await pendingCertification();
    const early = await call('POST', `/certifications/${cert.publicId}/grant`, 'assessor', {
      reason: 'Looks fine',
    });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/assessment_incomplete$/);
    const assess = await call('PUT', `/certifications/${cert.publicId}/assessments`, 'assessor', {
      assessments: allMet.slice(0, 3),
    });
    expect(assess.status).toBe(200);
    const grant = await call('POST', `/certifications/${cert.publicId}/grant`, 'assessor', {
      reason: 'Desk review complete',
      assuranceLevel: 'reviewed',
      assessments: [...allMet.slice(3, 6), { criterion: 'p7', result: 'not_applicable' }],
    });
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ status: 'active', assuranceLevel: 'reviewed' });
    expect(grant.body.credential).not.toBeNull();
    const noReason = await call('POST', `/certifications/${cert.publicId}/suspend`, 'assessor', {
      reason: '   ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    for (const [action, status] of [
      ['suspend', 'suspended'],
      ['reinstate', 'active'],
      ['renew', 'active'],
      ['revoke', 'revoked'],
    ] as const) {
      const res = await call('POST', `/certifications/${cert.publicId}/${action}`, 'assessor', {
        reason: `Test ${action}`,
      });
      expect(res.status, action).toBe(200);
      expect(res.body.status).toBe(status);
    }
    const again = await call('POST', `/certifications/${cert.publicId}/reinstate`, 'assessor', {
      reason: 'No',
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/illegal_transition$/);
    const detail = await call('GET', `/certifications/${cert.publicId}`, 'viewer');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'granted',
      'suspended',
      'reinstated',
      'renewed',
      'revoked',
    ]);
    expect(detail.body.events.every((e: { actor: string }) => e.actor === 'token:it-assessor')).toBe(true);
    expect(detail.body.credential).toBeNull();
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
  });

  it('replays a retried POST with the same Idempotency-Key instead of acting twice', async () => {
    const publicId = reg.suspended;
    const key = { 'idempotency-key': `revoke-${publicId}` };
    const first = await call(
      'POST',
      `/certifications/${publicId}/revoke`,
      'assessor',
      { reason: 'Fraud' },
      key,
    );
    const retry = await call(
      'POST',
      `/certifications/${publicId}/revoke`,
      'assessor',
      { reason: 'Fraud' },
      key,
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const events = first.body.events.filter((e: { kind: string }) => e.kind === 'revoked');
    const now = await call('GET', `/certifications/${publicId}`, 'viewer');
    expect(now.body.events.filter((e: { kind: string }) => e.kind === 'revoked')).toEqual(events);
    const other = await call(
      'POST',
      `/certifications/${publicId}/revoke`,
      'assessor',
      { reason: 'Other reason' },
      key,
    );
    expect(other.status).toBe(422);
    // Another principal's key space is its own: the same key from the admin token is a new request.
    const admin = await call('POST', `/certifications/${publicId}/revoke`, 'admin', { reason: 'Fraud' }, key);
    expect(admin.status).toBe(409);
    const bad = await call(
      'POST',
      `/certifications/${publicId}/revoke`,
      'assessor',
      { reason: 'x' },
      { 'idempotency-key': 'ü' },
    );
    expect(bad.status).toBe(400);
  });

  it('keeps a token shown once out of the idempotency store', async () => {
    const key = { 'idempotency-key': 'create-token-once' };
    const first = await call('POST', '/tokens', 'admin', { name: 'replayed', role: 'viewer' }, key);
    const retry = await call('POST', '/tokens', 'admin', { name: 'replayed', role: 'viewer' }, key);
    expect(first.body.token).toMatch(/^kmt_/);
    expect(retry.body).toMatchObject({ id: first.body.id, token: null });
    const stored = await h.db
      .selectFrom('idempotency_key')
      .select('response_body')
      .where('key', '=', 'create-token-once')
      .executeTakeFirstOrThrow();
    expect(stored.response_body).not.toContain(first.body.token);
  });

  it('enforces roles: viewer reads only, assessor cannot manage staff, tokens, keys or the audit log', async () => {
    const cert = await pendingCertification();
    const viewer = await call('POST', `/certifications/${cert.publicId}/revoke`, 'viewer', { reason: 'x' });
    expect(viewer.status).toBe(403);
    expect(viewer.body.type).toMatch(/forbidden$/);
    expect((await call('GET', '/staff', 'assessor')).status).toBe(403);
    expect((await call('POST', '/tokens', 'assessor', { name: 'x', role: 'admin' })).status).toBe(403);
    expect((await call('POST', '/keys/rotate', 'assessor', { reason: 'x' })).status).toBe(403);
    expect((await call('GET', '/audit', 'assessor')).status).toBe(403);
    expect((await call('GET', '/me', 'viewer')).body).toEqual({
      kind: 'token',
      name: 'it-viewer',
      role: 'viewer',
    });
    const denied = await h.db
      .selectFrom('audit_log')
      .selectAll()
      .where('outcome', '=', 'denied')
      .where('actor', '=', 'token:it-viewer')
      .executeTakeFirstOrThrow();
    expect(denied).toMatchObject({ action: 'certification.revoke', target: cert.publicId });
  });

  it('answers bad input with problems, never a 500', async () => {
    const cases: Array<[string, string, unknown, Record<string, string> | undefined]> = [
      ['POST', '/organisations', '{"legalName":', undefined],
      ['POST', '/organisations', '[1,2]', undefined],
      ['POST', '/organisations', 'legalName=x', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['POST', '/organisations', JSON.stringify({ legalName: 'x'.repeat(70_000) }), undefined],
      ['GET', '/certifications?status=unknown', undefined, undefined],
      ['GET', '/certifications?cursor=!!', undefined, undefined],
      ['GET', '/certifications?limit=100000', undefined, undefined],
      ['GET', '/organisations/%E0%A4%A', undefined, undefined],
      ['GET', '/certifications/NOT_AN_ID', undefined, undefined],
      ['POST', '/reports/abc/state', JSON.stringify({ state: 'handled' }), undefined],
      ['PATCH', '/staff/1', JSON.stringify({ role: 'root' }), undefined],
      [
        'PUT',
        `/certifications/${reg.pending}/assessments`,
        JSON.stringify({ assessments: [{ criterion: 'zz', result: 'met' }] }),
        undefined,
      ],
      [
        'POST',
        '/organisations',
        JSON.stringify({ legalName: 'A', country: 'NL', registryId: nextKvk(), city: 'B', channels: 'x' }),
        undefined,
      ],
    ];
    for (const [method, path, body, headers] of cases) {
      const res = await call(method, path, 'admin', body, headers);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(res.body.type, `${method} ${path}`).toMatch(/^https:\/\/keurmerk\.dev\/problems\//);
    }
  });

  it('handles the report queue', async () => {
    const org = await newOrganisation();
    const orgRow = await h.db
      .selectFrom('organisation')
      .select('id')
      .where('slug', '=', org.slug)
      .executeTakeFirstOrThrow();
    const now = new Date();
    const report = await h.db
      .insertInto('misuse_report')
      .values({
        organisation_id: orgRow.id,
        source: 'consumer',
        kind: 'broken_promise',
        message: 'Never called back',
        first_seen: now,
        last_seen: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const open = await call('GET', '/reports?state=open&source=consumer', 'viewer');
    expect(open.body.data.map((r: { id: number }) => r.id)).toContain(report.id);
    expect((await call('POST', `/reports/${report.id}/state`, 'viewer', { state: 'handled' })).status).toBe(
      403,
    );
    const handled = await call('POST', `/reports/${report.id}/state`, 'assessor', { state: 'handled' });
    expect(handled.body).toEqual({ id: report.id, state: 'handled' });
    const list = await call('GET', '/reports?state=handled', 'viewer');
    expect(list.body.data.find((r: { id: number }) => r.id === report.id)).toMatchObject({
      handledBy: 'token:it-assessor',
    });
  });

  it('rotates the signing key; the badge is re-issued with the new key', async () => {
    const before = deps.keys.current().kid;
    const noReason = await call('POST', '/keys/rotate', 'admin', {});
    expect(noReason.status).toBe(400);
    const res = await call('POST', '/keys/rotate', 'admin', { reason: 'Yearly rotation' });
    expect(res.status).toBe(200);
    expect(res.body.kid).not.toBe(before);
    expect(deps.keys.current().kid).toBe(res.body.kid);
    const list = await call('GET', '/keys', 'viewer');
    expect(list.body.find((k: { kid: string }) => k.kid === before).retiredAt).not.toBeNull();
    const badge = await deps.badges.get(
      reg.active,
      { format: 'svg', theme: 'light', lang: 'nl', size: 'm' },
      new Date(),
    );
    expect(badge.hasCredential).toBe(true);
  });

  it('merges a duplicate organisation into another', async () => {
    const a = await newOrganisation({ domains: ['dup-a.example.nl'] });
    const b = await newOrganisation();
    const res = await call('POST', `/organisations/${a.slug}/merge`, 'assessor', {
      into: b.slug,
      reason: 'Same company, typo in KvK',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ into: b.slug, movedDomains: 2 });
    expect((await call('GET', `/organisations/${a.slug}`, 'viewer')).status).toBe(404);
    const merged = await call('GET', `/organisations/${b.slug}`, 'viewer');
    expect(merged.body.domains.map((d: { hostname: string }) => d.hostname)).toContain('dup-a.example.nl');
  });

  it('lists events and checks both chains; every action above is in the audit log', async () => {
    const chain = await call('GET', '/events/chain', 'viewer');
    expect(chain.body).toMatchObject({ ok: true });
    const events = await call('GET', '/events?kind=revoked&limit=2', 'viewer');
    expect(events.body.data).toHaveLength(2);
    const next = await call('GET', `/events?kind=revoked&limit=2&cursor=${events.body.nextCursor}`, 'viewer');
    expect(next.body.data[0].id).toBeLessThan(events.body.data[1].id);
    const verify = await call('GET', '/audit/verify', 'admin');
    expect(verify.body).toMatchObject({ ok: true, events: { ok: true }, audit: { ok: true } });
    const audit = await call('GET', '/audit?action=certification.&limit=200', 'admin');
    const actions = new Set(audit.body.data.map((a: { action: string }) => a.action));
    for (const a of [
      'certification.create',
      'certification.grant',
      'certification.revoke',
      'certification.suspend',
    ])
      expect(actions).toContain(a);
    expect(audit.body.data.find((a: { outcome: string }) => a.outcome === 'failed')).toBeDefined();
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});
