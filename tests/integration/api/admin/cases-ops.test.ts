import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { lifecycleOps } from '../../../../api/handlers/admin-lifecycle.ts';
import { caseQueueOp, decideCaseOp } from '../../../../api/handlers/admin-cases.ts';
import { openObjection } from '../../../../db/workflow/objection-open.ts';
import { findCertification, grant } from '../../../../db/certification/transitions.ts';
import { context, ownedTokenPrincipal, testDeps } from '../../../helpers/admin-integration.ts';

// The admin API's doors to remediation and objection, through perform (policy and audit): a
// suspension with findings opens the remediation; the person who suspended cannot decide the
// objection to it; another staff member can.

describe.each(DIALECTS)('remediation and objection through the admin operations on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h);
  });
  afterAll(async () => {
    await deps.close();
    await h.close();
  });

  it('suspends with findings, queues the case, and refuses the same person deciding the objection', async () => {
    const cert = await pendingCertification(h.db);
    const criteria = await h.db
      .selectFrom('criterion')
      .select(['id', 'code'])
      .where('scheme_version_id', '=', cert.scheme_version_id)
      .execute();
    await h.db
      .insertInto('assessment')
      .values(
        criteria.map((k) => ({
          certification_id: cert.id,
          scheme_version_id: cert.scheme_version_id,
          criterion_id: k.id,
          result: 'met' as const,
          assessor: 'a@test',
          assessed_at: new Date(),
        })),
      )
      .execute();
    await grant(h.db, cert.public_id, { actor: 'a@test', reason: 'granted', hooks: deps.lifecycleHooks });
    const suspender = await ownedTokenPrincipal(h.db, 'assessor');
    const other = await ownedTokenPrincipal(h.db, 'assessor');
    await expect(
      perform(context(deps, suspender), lifecycleOps.suspend, {
        publicId: cert.public_id,
        reason: 'complaints',
        findings: [],
        deadline: '2099-01-01',
      }),
    ).rejects.toMatchObject({ code: 'remediation_findings_required' });
    await perform(context(deps, suspender), lifecycleOps.suspend, {
      publicId: cert.public_id,
      reason: 'complaints',
      findings: [{ criterion: criteria[0]!.code, comment: 'No callbacks' }],
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    const queue = await perform(context(deps, other), caseQueueOp, {});
    const remediation = queue.data.find(
      (q) => (q as { certification: string }).certification === cert.public_id,
    ) as { id: number; kind: string; stage: string };
    expect(remediation).toMatchObject({ kind: 'remediation', stage: 'changes_requested' });
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: { name: 'member:owner@test', staffId: null },
      organisationId: cert.organisation_id,
      reasons: 'The complaints were about another company',
      now: new Date(),
    });
    await expect(
      perform(context(deps, suspender), decideCaseOp, {
        id: String(caseId),
        outcome: 'upheld',
        reasons: 'mine',
      }),
    ).rejects.toMatchObject({ code: 'objection_same_person', status: 403 });
    const refusal = await h.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', '=', 'case.decide')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(refusal.outcome).not.toBe('success');
    const decided = await perform(context(deps, other), decideCaseOp, {
      id: String(caseId),
      outcome: 'upheld',
      reasons: 'Mistaken identity',
    });
    expect(decided).toMatchObject({ stage: 'decided', outcome: 'upheld' });
    expect((await findCertification(h.db, cert.public_id))!.status).toBe('active');
    const remediationAfter = await h.db
      .selectFrom('certification_case')
      .select(['stage', 'outcome'])
      .where('id', '=', remediation.id)
      .executeTakeFirstOrThrow();
    expect(remediationAfter).toEqual({ stage: 'decided', outcome: 'reinstated' });
  });
});
