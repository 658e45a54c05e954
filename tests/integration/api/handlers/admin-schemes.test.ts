import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKbo } from '../../../helpers/fixtures.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';
import { schemeTransitionJob } from '../../../../api/jobs/scheme-transition.ts';
import { jobs } from '../../../../api/jobs/index.ts';
import { problemFromError } from '../../../../api/http/problem.ts';
import { BytesResponse } from '../../../../api/http/bytes-response.ts';
import { verifyAuditChain } from '../../../../db/staff/audit-log.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { registryBatches } from '../../../../db/organisation/open-data.ts';

const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';
const DAY = 86_400_000;
const T0 = new Date('2027-01-04T10:00:00.000Z');

const texts = (nl: string, en: string, fr?: string) => ({ nl, en, ...(fr ? { fr } : {}) });

/** A third scheme, as an association would type it into the editor. */
function thirdScheme(slug: string) {
  return {
    slug,
    owner: { name: 'Contact Center Vereniging', slug: 'ccv', url: 'https://ccv.example' },
    country: 'BE',
    inForceFrom: '2027-01-01',
    validityMonths: 24,
    renewalGraceDays: 45,
    assuranceLevels: ['reviewed', 'audited'],
    name: texts('Eerlijke Wachtrij', 'Fair Queue', 'File équitable'),
    description: texts(
      'Eerlijke wachtrij-informatie.',
      'Honest queue information.',
      "Informations d'attente honnêtes.",
    ),
    criteria: [
      {
        code: 'q1',
        title: texts('Wachttijd gemeld', 'Wait announced'),
        description: texts('Altijd.', 'Always.'),
      },
      { code: 'q2', title: texts('Terugbellen', 'Call-back'), description: texts('Aangeboden.', 'Offered.') },
    ],
  };
}

/** The verify API and badges answer a BytesResponse (bytes for the Node server, no body stream). */
const bodyText = async (response: Response) =>
  response instanceof BytesResponse ? Buffer.from(response.rawBody).toString('utf8') : response.text();

describe.each(DIALECTS)('scheme editor on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  const clock = { now: T0 };
  const tokens: Record<'admin' | 'assessor', string> = { admin: '', assessor: '' };

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, clock);
    for (const role of ['admin', 'assessor'] as const) {
      const principal = await ownedTokenPrincipal(h.db, 'admin');
      tokens[role] = (
        await perform(context(deps, principal, 'cli'), createTokenOp, { name: `s-${role}`, role })
      ).token;
    }
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function call(method: string, path: string, as: keyof typeof tokens | null, body?: unknown) {
    const init: RequestInit = {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    // Public handlers throw; the server turns that into problem+json (as here).
    const response = await dispatch(new Request(`${ORIGIN}${path}`, init), deps).catch(
      (error: unknown) => problemFromError(error).response,
    );
    // The verify API answers a BytesResponse (bytes for the Node server, no body stream).
    const text = await bodyText(response!);
    return { status: response!.status, body: text ? JSON.parse(text) : null };
  }

  async function newOrganisation(): Promise<string> {
    const registryId = nextKbo();
    const org = await call('POST', '/api/v1/admin/organisations', 'assessor', {
      legalName: `Schema Test ${registryId} BV`,
      country: 'BE',
      registryId,
      city: 'Gent',
      website: `https://www.s-${registryId}.be`,
    });
    expect(org.status).toBe(201);
    return org.body.slug;
  }

  /** An organisation certified on `scheme` through the admin lifecycle, every criterion met. */
  async function certify(scheme: string, codes: string[], level = 'reviewed') {
    const cert = await call('POST', '/api/v1/admin/certifications', 'assessor', {
      organisation: await newOrganisation(),
      scheme,
      assuranceLevel: level,
      reason: 'application',
    });
    expect(cert.status).toBe(201);
    const granted = await call(
      'POST',
      `/api/v1/admin/certifications/${cert.body.publicId}/grant`,
      'assessor',
      {
        reason: 'all met',
        assessments: codes.map((criterion) => ({ criterion, result: 'met' })),
      },
    );
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    return cert.body.publicId as string;
  }

  const currentJwt = async (publicId: string) =>
    (
      await h.db
        .selectFrom('credential')
        .innerJoin('certification', 'certification.id', 'credential.certification_id')
        .select('jwt')
        .where('public_id', '=', publicId)
        .where('superseded_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).jwt;

  it('creates a third scheme as a draft that is not public, publishes it, and certifies against it', async () => {
    const slug = `fair-queue-${kind}`;
    const created = await call('POST', '/api/v1/admin/schemes', 'admin', thirdScheme(slug));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ slug, currentVersion: null, draftVersion: 1 });
    // Drafts are not public: not listed, not found, not certifiable.
    expect((await call('GET', `/api/v1/schemes/${slug}`, null)).status).toBe(404);
    const list = await call('GET', '/api/v1/schemes', null);
    expect(list.body.data.map((s: { slug: string }) => s.slug)).not.toContain(slug);
    const early = await call('POST', '/api/v1/admin/certifications', 'assessor', {
      organisation: await newOrganisation(),
      scheme: slug,
      assuranceLevel: 'reviewed',
      reason: 'application',
    });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/scheme_not_published$/);
    // An assessor may not edit schemes.
    expect((await call('POST', '/api/v1/admin/schemes', 'assessor', thirdScheme(`${slug}-x`))).status).toBe(
      403,
    );
    expect((await call('POST', '/api/v1/admin/schemes', 'admin', thirdScheme(slug))).body.type).toMatch(
      /scheme_exists$/,
    );

    const published = await call('POST', `/api/v1/admin/schemes/${slug}/versions/1/publish`, 'admin', {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ currentVersion: 1, draftVersion: null, members: 0 });
    const pub = await call('GET', `/api/v1/schemes/${slug}`, null);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ slug, version: 1, validityMonths: 24, renewalGraceDays: 45 });
    expect(pub.body.criteria.map((c: { code: string }) => c.code)).toEqual(['q1', 'q2']);

    const publicId = await certify(slug, ['q1', 'q2']);
    const payload = decodeJwt(await currentJwt(publicId)) as any;
    expect(payload.credentialSubject.achievement).toMatchObject({
      version: '1',
      name: 'Fair Queue',
      id: `${deps.config.publicUrl}/schemes/${slug}/versions/1`,
    });
    expect(payload.exp - payload.nbf).toBeGreaterThan(700 * 86_400); // 24 months
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', 'like', 'scheme.%')
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'scheme.create', outcome: 'success' },
        { action: 'scheme.publish', outcome: 'success' },
      ]),
    );
    // Queued for the transparency log in the publishing transaction.
    const entries = await h.db
      .selectFrom('log_pending')
      .select(['subject'])
      .where('subject', '=', `scheme:${slug}`)
      .execute();
    expect(entries).toHaveLength(1);
  });

  it('refuses to edit or republish a published version (409), and leaves it unchanged', async () => {
    const slug = `fair-queue-${kind}`;
    const before = await call('GET', `/api/v1/admin/schemes/${slug}`, 'admin');
    const { slug: _, ...definition } = thirdScheme(slug);
    const edit = await call('PUT', `/api/v1/admin/schemes/${slug}/versions/1`, 'admin', {
      definition: { ...definition, validityMonths: 6 },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.type).toMatch(/scheme_version_published$/);
    expect((await call('POST', `/api/v1/admin/schemes/${slug}/versions/1/publish`, 'admin', {})).status).toBe(
      409,
    );
    expect(await call('GET', `/api/v1/admin/schemes/${slug}`, 'admin')).toEqual(before);
    // Even straight in the database, a published version does not change.
    await expect(
      h.db.updateTable('scheme_version').set({ created_by: 'x' }).where('state', '=', 'published').execute(),
    ).rejects.toThrow(/published/);
  });

  it('publishing version 2 with certified members: transition date, basis shown, re-assessment, expiry by the job', async () => {
    const slug = `fair-queue-${kind}`;
    const stays = await certify(slug, ['q1', 'q2']);
    const moves = await certify(slug, ['q1', 'q2']);
    const draft = await call('POST', `/api/v1/admin/schemes/${slug}/versions`, 'admin', {});
    expect(draft.status).toBe(201);
    expect(draft.body.draftVersion).toBe(2);
    const { slug: _, ...definition } = thirdScheme(slug);
    const v2 = {
      ...definition,
      criteria: [
        definition.criteria[0]!,
        { code: 'q3', title: texts('Ombudsman', 'Ombudsman'), description: texts('Genoemd.', 'Named.') },
      ],
    };
    const saved = await call('PUT', `/api/v1/admin/schemes/${slug}/versions/2`, 'admin', {
      definition: v2,
      changeNote: texts('Terugbellen vervangen door ombudsman.', 'Call-back replaced by the ombudsman.'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Drafts are not public: the public scheme is still version 1.
    expect((await call('GET', `/api/v1/schemes/${slug}`, null)).body.version).toBe(1);

    const publish = (body: object) =>
      call('POST', `/api/v1/admin/schemes/${slug}/versions/2/publish`, 'admin', body);
    expect((await publish({})).body.type).toMatch(/validation_failed$/); // members need a transition date
    const tooSoon = await publish({ transitionDate: new Date(T0.getTime() + 29 * DAY).toISOString() });
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.type).toMatch(/transition_date_too_soon$/);
    const transition = new Date(T0.getTime() + 40 * DAY);
    const ok = await publish({ transitionDate: transition.toISOString() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.members).toBeGreaterThanOrEqual(2);

    const pub = (await call('GET', `/api/v1/schemes/${slug}`, null)).body;
    expect(pub.version).toBe(2);
    expect(pub.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(pub.versions[0].changes).toEqual({ added: ['q3'], removed: ['q2'], reworded: [], settings: [] });
    expect(pub.versions[0].changeNote.en).toBe('Call-back replaced by the ombudsman.');

    // Until the transition date members show the version they were assessed against.
    const live = await call('GET', `/api/v1/verify/${stays}`, null);
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.certification.scheme).toMatchObject({ version: 1, currentVersion: 2 });
    expect(live.body.certification.scheme.transitionDate).toBe(transition.toISOString());
    expect(live.body.certification.status).toBe('active');

    // Staff record the re-assessment against version 2: a renewal with the new criteria.
    clock.now = new Date(T0.getTime() + 10 * DAY);
    const missing = await call('POST', `/api/v1/admin/certifications/${moves}/renew`, 'assessor', {
      reason: 'v2',
    });
    expect(missing.body.type).toMatch(/assessment_incomplete$/);
    const renewed = await call('POST', `/api/v1/admin/certifications/${moves}/renew`, 'assessor', {
      reason: 're-assessed against version 2',
      assessments: ['q1', 'q3'].map((criterion) => ({ criterion, result: 'met' })),
    });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    const moved = decodeJwt(await currentJwt(moves)) as any;
    expect(moved.credentialSubject.achievement.version).toBe('2');
    expect(moved.credentialSubject.achievement.alignment.map((a: any) => a.targetUrl.split('#')[1])).toEqual([
      'q1',
      'q3',
    ]);

    // The organisation page and the open data name the version each certification rests on.
    const slugOf = async (publicId: string) =>
      (
        await h.db
          .selectFrom('certification as c')
          .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
          .select('o.slug')
          .where('c.public_id', '=', publicId)
          .executeTakeFirstOrThrow()
      ).slug;
    const pageBasis = async (publicId: string) =>
      (await organisationPage(h.db, await slugOf(publicId), clock.now))!.certifications.find(
        (c) => c.publicId === publicId,
      )!;
    expect((await pageBasis(stays)).schemeVersion).toBe(1);
    expect((await pageBasis(moves)).schemeVersion).toBe(2);
    expect((await pageBasis(moves)).criteria.map((c) => c.code)).toEqual(['q1', 'q3']);
    const openData = new Map<string, number>();
    for await (const batch of registryBatches(h.db, clock.now))
      for (const o of batch) for (const c of o.certifications) openData.set(c.publicId, c.schemeVersion);
    expect([openData.get(stays), openData.get(moves)]).toEqual([1, 2]);

    // Before the transition date the job does nothing.
    expect(jobs).toContain(schemeTransitionJob);
    const run = (now: Date) =>
      schemeTransitionJob.run({ db: h.db, now, publicUrl: deps.config.publicUrl, log: () => undefined });
    expect((await run(new Date(transition.getTime() - 1000))).done).toBe(0);
    const after = new Date(transition.getTime() + DAY);
    clock.now = after;
    const result = await run(after);
    expect(result.details?.['expired']).toContain(stays);
    expect(result.details?.['expired']).not.toContain(moves);
    expect((await run(after)).done).toBe(0); // idempotent

    const expired = await call('GET', `/api/v1/verify/${stays}`, null);
    expect(expired.body.certification.status).toBe('expired');
    expect(expired.body.certification.validUntil).toBe(transition.toISOString());
    expect((await call('GET', `/api/v1/verify/${moves}`, null)).body.certification).toMatchObject({
      status: 'active',
      scheme: { version: 2, currentVersion: 2, transitionDate: null },
    });
    // The expired one's credential is revoked in the status list; its badge says not certified.
    const revoked = await h.db
      .selectFrom('credential')
      .innerJoin('certification', 'certification.id', 'credential.certification_id')
      .select('revoked_at')
      .where('public_id', '=', stays)
      .execute();
    expect(revoked.every((r) => r.revoked_at !== null)).toBe(true);
    const badge = await dispatch(new Request(`${ORIGIN}/badges/${stays}.svg`), deps);
    const svg = await bodyText(badge!);
    expect(svg).not.toContain('openbadges:credential');
    expect(svg).toMatch(/expired|verlopen|niet gecertificeerd/i);
  });
});
