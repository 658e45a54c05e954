import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../../helpers/error-code.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { testDeps } from '../../../helpers/admin-integration.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { caseDetail, openCase, type CaseActor } from '../../../../db/workflow/cases.ts';
import { recordReviews, saveAnswers, startReview, submitCase } from '../../../../db/workflow/moves.ts';
import { grantCase, refuseCase } from '../../../../db/workflow/decide.ts';
import { openObjection } from '../../../../db/workflow/objection-open.ts';
import { decideObjection } from '../../../../db/workflow/objection-decide.ts';
import { objectionWindow } from '../../../../db/workflow/objection-window.ts';
import { certificationHistory } from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { findPublicCertification } from '../../../../db/certification/public-list.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { addEvidence } from '../../../../db/workflow/evidence.ts';
import { openApplication } from '../../../../api/workflow/open-application.ts';
import { mergeOrganisations } from '../../../../db/organisation/merge.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const member: CaseActor = { name: 'member:owner@org.test', staffId: null };

describe.each(DIALECTS)('objection to a refused application on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let reviewer: CaseActor;
  let refuser: CaseActor;
  let other: CaseActor;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, { now: T0 });
    const staff = async (name: string): Promise<CaseActor> => {
      const email = `${name}-${kind}@keurmerk.test`;
      const { id } = await h.db
        .insertInto('staff_user')
        .values({ email, display_name: email, role: 'assessor', password_hash: 'not a usable hash' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { name: email, staffId: id };
    };
    reviewer = await staff('reviewer');
    refuser = await staff('refuser');
    other = await staff('other');
  });
  afterAll(async () => {
    await deps.close();
    await h.close();
  });

  /** An application answered, reviewed (all accepted) and refused by `refuser` at day 4. */
  async function refusedApplication() {
    const cert = await pendingCertification(h.db, { now: T0 });
    const kase = await openCase(h.db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: T0,
    });
    const codes = (await caseDetail(h.db, kase.id))!.criteria.map((c) => c.code);
    await saveAnswers(
      h.db,
      kase.id,
      codes.map((criterion) => ({ criterion, answer: 'met' as const, explanation: `We meet ${criterion}.` })),
      member,
      at(1),
    );
    await submitCase(h.db, kase.id, member, at(2));
    await startReview(h.db, kase.id, reviewer, at(3));
    await recordReviews(
      h.db,
      kase.id,
      codes.map((criterion) => ({ criterion, verdict: 'accepted' as const, severity: null, comment: null })),
      reviewer,
      at(3),
    );
    await refuseCase(h.db, kase.id, {
      reasons: 'No complaints procedure.',
      actor: refuser,
      now: at(4),
      hooks: deps.lifecycleHooks,
    });
    return { cert, kase };
  }

  const logCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('log_pending')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('opens within the period only, once, and only for the organisation', async () => {
    const { cert } = await refusedApplication();
    const open = await objectionWindow(h.db, cert.public_id, cert.organisation_id, at(5), ['refused']);
    expect(open.state).toBe('open');
    if (open.state !== 'open') throw new Error('unreachable');
    expect(open.decision.kind).toBe('refused');
    const late = new Date(open.decision.until.getTime() + 1000);
    // Suspension and revocation objections (from the certification page) do not reach a refusal.
    expect(
      (await objectionWindow(h.db, cert.public_id, cert.organisation_id, at(5), ['suspended', 'revoked']))
        .state,
    ).toBe('none');
    expect(
      await codeOf(
        openObjection(h.db, cert.public_id, {
          actor: member,
          organisationId: cert.organisation_id,
          reasons: 'late',
          now: late,
          kinds: ['refused'],
        }),
      ),
    ).toBe('objection_not_open');
    expect((await objectionWindow(h.db, cert.public_id, cert.organisation_id, late, ['refused'])).state).toBe(
      'passed',
    );
    expect(
      await codeOf(
        openObjection(h.db, cert.public_id, {
          actor: member,
          organisationId: cert.organisation_id + 100_000,
          reasons: 'not ours',
          now: at(5),
        }),
      ),
    ).toBe('not_found');
    expect(
      await codeOf(
        openObjection(h.db, cert.public_id, {
          actor: member,
          organisationId: cert.organisation_id,
          reasons: 'x'.repeat(8001),
          now: at(5),
        }),
      ),
    ).toBe('validation_failed');
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: member,
      organisationId: cert.organisation_id,
      reasons: 'The procedure is on page 3 of our terms.',
      now: at(5),
      kinds: ['refused'],
    });
    expect(
      await codeOf(
        openObjection(h.db, cert.public_id, {
          actor: member,
          organisationId: cert.organisation_id,
          reasons: 'again',
          now: at(6),
        }),
      ),
    ).toBe('objection_already_open');
    const window = await objectionWindow(h.db, cert.public_id, cert.organisation_id, late);
    expect(window).toMatchObject({ state: 'objected', caseId });
    // The member adds files to the objection while it waits for staff; never an audit report.
    const file = await addEvidence(
      h.db,
      {
        caseId,
        criterionId: null,
        purpose: 'objection',
        fileName: 'voorwaarden.pdf',
        bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'),
        uploadedBy: member.name,
        side: 'member',
      },
      at(5),
    );
    expect(file.purpose).toBe('objection');
    const objection = await h.db
      .selectFrom('certification_case')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(objection).toMatchObject({
      kind: 'objection',
      stage: 'submitted',
      objected_decision_staff_id: refuser.staffId,
    });
  });

  it('upheld by another person: the application is back in review, privately, and the refuser cannot decide it again', async () => {
    const { cert, kase } = await refusedApplication();
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: member,
      organisationId: cert.organisation_id,
      reasons: 'We do have a procedure.',
      now: at(5),
      kinds: ['refused'],
    });
    expect(
      await codeOf(
        decideObjection(h.db, caseId, { actor: refuser, outcome: 'upheld', reasons: 'mine', now: at(6) }),
      ),
    ).toBe('objection_same_person');
    const logBefore = await logCount();
    await decideObjection(h.db, caseId, {
      actor: other,
      outcome: 'upheld',
      reasons: 'The procedure exists.',
      now: at(6),
      hooks: deps.lifecycleHooks,
    });
    const row = await h.db
      .selectFrom('certification')
      .select('status')
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect((await certificationHistory(h.db, cert.id)).map((e) => e.kind)).toEqual([
      'created',
      'refused',
      'reopened_after_objection',
    ]);
    // Private: nothing for the transparency log, no public certification or organisation page.
    expect(await logCount()).toBe(logBefore);
    expect(await findPublicCertification(h.db, cert.public_id, at(7))).toBeUndefined();
    expect(await organisationPage(h.db, cert.organisationSlug, at(7))).toBeUndefined();
    expect((await verifyChain(h.db)).ok).toBe(true);
    const application = (await caseDetail(h.db, kase.id))!;
    expect(application.case).toMatchObject({
      stage: 'in_review',
      outcome: null,
      decided_by_staff_id: null,
      reasons: null,
    });
    const objection = (await caseDetail(h.db, caseId))!;
    expect(objection.case).toMatchObject({
      stage: 'decided',
      outcome: 'upheld',
      reasons: 'The procedure exists.',
    });
    expect(objection.objectedKind).toBe('refused');
    // The refuser decides neither way; someone else does (self-declared: no four-eyes pair needed).
    expect(
      await codeOf(
        refuseCase(h.db, kase.id, {
          reasons: 'still no',
          actor: refuser,
          now: at(7),
          hooks: deps.lifecycleHooks,
        }),
      ),
    ).toBe('reopened_same_person');
    expect(
      await codeOf(
        grantCase(h.db, kase.id, {
          level: 'self_declared',
          actor: refuser,
          now: at(7),
          hooks: deps.lifecycleHooks,
        }),
      ),
    ).toBe('reopened_same_person');
    const granted = await grantCase(h.db, kase.id, {
      level: 'self_declared',
      actor: other,
      now: at(7),
      hooks: deps.lifecycleHooks,
    });
    expect(granted.certification.status).toBe('active');
    expect(granted.case).toMatchObject({ stage: 'decided', outcome: 'granted' });
    // Once public, the history shows the grant, never the application, refusal or reopening.
    const page = (await findPublicCertification(h.db, cert.public_id, at(8)))!;
    expect(page).toBeDefined();
    const publicKinds = (await organisationPage(h.db, cert.organisationSlug, at(8)))!.certifications.flatMap(
      (c) => c.history.map((e) => e.kind),
    );
    expect(publicKinds).toEqual(['granted']);
  });

  it('rejected: the refusal stands and the application stays decided', async () => {
    const { cert, kase } = await refusedApplication();
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: member,
      organisationId: cert.organisation_id,
      reasons: 'Please look again.',
      now: at(5),
      kinds: ['refused'],
    });
    await decideObjection(h.db, caseId, {
      actor: other,
      outcome: 'rejected',
      reasons: 'Nothing new.',
      now: at(6),
    });
    const row = await h.db
      .selectFrom('certification')
      .select('status')
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
    expect((await caseDetail(h.db, kase.id))!.case).toMatchObject({ stage: 'decided', outcome: 'refused' });
    expect((await certificationHistory(h.db, cert.id)).map((e) => e.kind)).toEqual(['created', 'refused']);
  });

  it('refused, the organisation applies again; an objection upheld later cannot reopen the old one', async () => {
    const { cert } = await refusedApplication();
    const again = await openApplication(h.db, deps, {
      organisationId: cert.organisation_id,
      schemeId: cert.scheme_id,
      actor: member.name,
      now: at(5),
    });
    expect(again).not.toBeNull();
    expect(again!.publicId).not.toBe(cert.public_id);
    // Only one open application of a scheme: a third is not opened beside the second.
    expect(
      await openApplication(h.db, deps, {
        organisationId: cert.organisation_id,
        schemeId: cert.scheme_id,
        actor: member.name,
        now: at(5),
      }),
    ).toBeNull();
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: member,
      organisationId: cert.organisation_id,
      reasons: 'The refusal was wrong.',
      now: at(6),
      kinds: ['refused'],
    });
    expect(
      await codeOf(
        decideObjection(h.db, caseId, { actor: other, outcome: 'upheld', reasons: 'Agreed.', now: at(7) }),
      ),
    ).toBe('reopen_superseded');
    const row = await h.db
      .selectFrom('certification')
      .select('status')
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
  });

  it('a refused certification holds no place: a merge beside a living one goes through, two living ones clash', async () => {
    const { cert } = await refusedApplication();
    const refusedOrg = await h.db
      .selectFrom('organisation')
      .select('slug')
      .where('id', '=', cert.organisation_id)
      .executeTakeFirstOrThrow();
    const living = await pendingCertification(h.db, { now: at(5) });
    const merged = await mergeOrganisations(h.db, refusedOrg.slug, living.organisationSlug);
    expect(merged.movedCertifications).toEqual([cert.public_id]);
    const another = await pendingCertification(h.db, { now: at(6) });
    expect(await codeOf(mergeOrganisations(h.db, another.organisationSlug, living.organisationSlug))).toBe(
      'merge_conflict',
    );
  });
});
