import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';

const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';
const KSF = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];

// The admin lifecycle path records bases too: a grant settles the whole application's basis at
// the level granted; a renewal re-bases only the results it re-assesses.
describe.each(DIALECTS)('assessment basis through the admin API on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let token: string;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h);
    token = (
      await perform(context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'), createTokenOp, {
        name: 'it-basis',
        role: 'assessor',
      })
    ).token;
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = (await dispatch(
      new Request(`${ORIGIN}/api/v1/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      deps,
    ))!;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function bases(publicId: string): Promise<Record<string, string>> {
    const rows = await h.db
      .selectFrom('assessment as a')
      .innerJoin('certification as c', 'c.id', 'a.certification_id')
      .innerJoin('criterion as k', 'k.id', 'a.criterion_id')
      .select(['k.code', 'a.basis'])
      .where('c.public_id', '=', publicId)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.code, r.basis]));
  }

  it('settles an application at the granted level and re-bases only what a renewal re-assesses', async () => {
    const registryId = nextKvk();
    const org = await call('POST', '/organisations', {
      legalName: `Basis API ${registryId} B.V.`,
      country: 'NL',
      registryId,
      city: 'Delft',
    });
    expect(org.status).toBe(201);
    const cert = await call('POST', '/certifications', {
      organisation: org.body.slug,
      scheme: 'ksf-service-promises',
      assuranceLevel: 'self_declared',
      reason: 'Application received by e-mail',
    });
    expect(cert.status).toBe(201);
    const id = cert.body.publicId as string;
    const assess = await call('PUT', `/certifications/${id}/assessments`, {
      assessments: KSF.slice(0, 4).map((criterion) => ({ criterion, result: 'met' })),
    });
    expect(assess.status).toBe(200);
    expect(new Set(Object.values(await bases(id)))).toEqual(new Set(['self_declared']));

    const grant = await call('POST', `/certifications/${id}/grant`, {
      reason: 'Desk review complete',
      assuranceLevel: 'reviewed',
      assessments: KSF.slice(4).map((criterion) => ({ criterion, result: 'met' })),
    });
    expect(grant.status).toBe(200);
    expect(await bases(id)).toEqual(Object.fromEntries(KSF.map((code) => [code, 'reviewed'])));

    const renew = await call('POST', `/certifications/${id}/renew`, {
      reason: 'Audit of the complaint process',
      assuranceLevel: 'audited',
      assessments: [{ criterion: 'p2', result: 'met' }],
    });
    expect(renew.status).toBe(200);
    expect(await bases(id)).toEqual(
      Object.fromEntries(KSF.map((code) => [code, code === 'p2' ? 'audited' : 'reviewed'])),
    );
  });
});
