import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../../helpers/error-code.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKbo, pendingCertification } from '../../../helpers/fixtures.ts';
import { testDeps } from '../../../helpers/admin-integration.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { caseDetail, openCase, type CaseActor } from '../../../../db/workflow/cases.ts';
import {
  recordReviews,
  requestChanges,
  saveAnswers,
  startReview,
  submitCase,
} from '../../../../db/workflow/moves.ts';
import { grantCase, refuseCase } from '../../../../db/workflow/decide.ts';
import { certificationHistory } from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { findPublicCertification } from '../../../../db/certification/public-list.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { createOrganisation } from '../../../../db/organisation/organisations.ts';
import { createCertification } from '../../../../db/certification/transitions.ts';
import { inTransaction } from '../../../../db/platform/transaction.ts';
import { publishDraft, saveDraft, startDraft } from '../../../../db/scheme/versions.ts';
import { parseJson } from '../../../../db/certification/summaries.ts';
import type { AssessmentResult } from '../../../../db/vocabulary.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const member: CaseActor = { name: 'member:owner@org.test', staffId: null };

describe.each(DIALECTS)('workflow cases on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let alice: CaseActor;
  let bob: CaseActor;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h, { now: T0 });
    const staff = async (email: string) =>
      (
        await h.db
          .insertInto('staff_user')
          .values({ email, display_name: email, role: 'assessor', password_hash: 'not a usable hash' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    alice = { name: 'alice@keurmerk.test', staffId: await staff(`alice-${kind}@keurmerk.test`) };
    bob = { name: 'bob@keurmerk.test', staffId: await staff(`bob-${kind}@keurmerk.test`) };
  });
  afterAll(async () => {
    await deps.close();
    await h.close();
  });

  async function criteriaOf(caseId: number): Promise<string[]> {
    return (await caseDetail(h.db, caseId))!.criteria.map((c) => c.code);
  }

  async function answerAll(caseId: number, answer: AssessmentResult = 'met') {
    const codes = await criteriaOf(caseId);
    await saveAnswers(
      h.db,
      caseId,
      codes.map((criterion) => ({ criterion, answer, explanation: `How we meet ${criterion}.` })),
      member,
      at(1),
    );
    return codes;
  }

  /** A submitted application case in review by `reviewer`, every criterion accepted. */
  async function reviewedCase(reviewer: CaseActor) {
    const cert = await pendingCertification(h.db, { now: T0 });
    const kase = await openCase(h.db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: T0,
    });
    const codes = await answerAll(kase.id);
    await submitCase(h.db, kase.id, member, at(2));
    await startReview(h.db, kase.id, reviewer, at(3));
    await recordReviews(
      h.db,
      kase.id,
      codes.map((criterion) => ({ criterion, verdict: 'accepted', severity: null, comment: null })),
      reviewer,
      at(3),
    );
    return { cert, kase };
  }

  it('walks draft → submitted → in review → changes requested → submitted → granted, by two people', async () => {
    const cert = await pendingCertification(h.db, { now: T0 });
    const kase = await openCase(h.db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: T0,
    });
    expect(kase.stage).toBe('draft');
    expect(
      await codeOf(openCase(h.db, { certificationId: cert.id, kind: 'application', actor: member, now: T0 })),
    ).toBe('case_already_open');
    const codes = await criteriaOf(kase.id);
    expect(codes.length).toBe(7);
    expect(
      await codeOf(
        saveAnswers(
          h.db,
          kase.id,
          [{ criterion: codes[0]!, answer: 'met', explanation: ' ' }],
          member,
          at(1),
        ),
      ),
    ).toBe('explanation_required');
    await saveAnswers(
      h.db,
      kase.id,
      [{ criterion: codes[0]!, answer: 'not_met', explanation: null }],
      member,
      at(1),
    );
    expect(await codeOf(submitCase(h.db, kase.id, member, at(1)))).toBe('answers_incomplete');
    expect(await codeOf(startReview(h.db, kase.id, alice, at(1)))).toBe('illegal_case_move');
    await answerAll(kase.id);
    expect((await submitCase(h.db, kase.id, member, at(2))).stage).toBe('submitted');
    expect(await codeOf(submitCase(h.db, kase.id, member, at(2)))).toBe('illegal_case_move');
    expect(await codeOf(saveAnswers(h.db, kase.id, [], member, at(2)))).toBe('illegal_case_move');
    expect((await startReview(h.db, kase.id, alice, at(3))).reviewed_by_staff_id).toBe(alice.staffId);
    await recordReviews(
      h.db,
      kase.id,
      [
        {
          criterion: codes[2]!,
          verdict: 'finding',
          severity: 'mandatory',
          comment: 'No data-protection check.',
        },
      ],
      alice,
      at(3),
    );
    expect(await codeOf(requestChanges(h.db, kase.id, { dueAt: at(2), actor: alice, now: at(3) }))).toBe(
      'deadline_invalid',
    );
    const returned = await requestChanges(h.db, kase.id, { dueAt: at(30), actor: alice, now: at(3) });
    expect(returned).toMatchObject({ stage: 'changes_requested' });
    expect(returned.due_at?.toISOString()).toBe(at(30).toISOString());
    await saveAnswers(
      h.db,
      kase.id,
      [{ criterion: codes[2]!, answer: 'met', explanation: 'Yearly audit by our DPO.' }],
      member,
      at(4),
    );
    await submitCase(h.db, kase.id, member, at(5));
    await startReview(h.db, kase.id, alice, at(6));
    expect(
      await codeOf(
        grantCase(h.db, kase.id, {
          level: 'self_declared',
          actor: bob,
          now: at(6),
          hooks: deps.lifecycleHooks,
        }),
      ),
    ).toBe('mandatory_finding_open');
    await recordReviews(
      h.db,
      kase.id,
      codes.map((criterion) => ({ criterion, verdict: 'accepted', severity: null, comment: null })),
      alice,
      at(6),
    );
    // Four eyes: the reviewer may not grant `reviewed`; a token without a person may not either.
    expect(
      await codeOf(
        grantCase(h.db, kase.id, { level: 'reviewed', actor: alice, now: at(7), hooks: deps.lifecycleHooks }),
      ),
    ).toBe('four_eyes');
    expect(
      await codeOf(
        grantCase(h.db, kase.id, {
          level: 'reviewed',
          actor: { name: 'cli:ops', staffId: null },
          now: at(7),
          hooks: deps.lifecycleHooks,
        }),
      ),
    ).toBe('four_eyes_no_person');
    expect(
      await codeOf(
        grantCase(h.db, kase.id, { level: 'audited', actor: bob, now: at(7), hooks: deps.lifecycleHooks }),
      ),
    ).toBe('audit_report_missing');
    const { case: decided, certification } = await grantCase(h.db, kase.id, {
      level: 'reviewed',
      actor: bob,
      now: at(7),
      hooks: deps.lifecycleHooks,
    });
    expect(decided).toMatchObject({
      stage: 'decided',
      outcome: 'granted',
      assurance_level: 'reviewed',
      decided_by_staff_id: bob.staffId,
    });
    expect(certification).toMatchObject({
      status: 'active',
      assurance_level: 'reviewed',
      scheme_version_id: kase.scheme_version_id,
    });
    const assessed = await h.db
      .selectFrom('assessment')
      .select(['result', 'note', 'scheme_version_id'])
      .where('certification_id', '=', cert.id)
      .execute();
    expect(assessed).toHaveLength(7);
    expect(assessed.every((a) => a.result === 'met' && a.scheme_version_id === kase.scheme_version_id)).toBe(
      true,
    );
    const credential = await h.db
      .selectFrom('credential')
      .select(['scheme_version_id'])
      .where('certification_id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(credential.scheme_version_id).toBe(kase.scheme_version_id);
    expect((await certificationHistory(h.db, cert.id)).map((e) => e.kind)).toEqual(['created', 'granted']);
    expect(
      await codeOf(
        grantCase(h.db, kase.id, { level: 'reviewed', actor: bob, now: at(8), hooks: deps.lifecycleHooks }),
      ),
    ).toBe('illegal_case_move');
    expect(await findPublicCertification(h.db, cert.public_id, at(8))).toMatchObject({ status: 'active' });
  });

  it('lets the reviewer grant self_declared, which rests on the member’s word', async () => {
    const { kase } = await reviewedCase(alice);
    const { certification } = await grantCase(h.db, kase.id, {
      level: 'self_declared',
      actor: alice,
      now: at(4),
      hooks: deps.lifecycleHooks,
    });
    expect(certification.assurance_level).toBe('self_declared');
  });

  it('grants audited with an audit report, by another person', async () => {
    const { kase } = await reviewedCase(alice);
    const pdf = new TextEncoder().encode('%PDF-1.7 audit report');
    await h.db
      .insertInto('case_evidence')
      .values({
        case_id: kase.id,
        purpose: 'audit_report',
        file_name: 'audit.pdf',
        media_type: 'application/pdf',
        size_bytes: pdf.length,
        sha256: 'a'.repeat(64),
        content: pdf,
        uploaded_by: 'auditor',
      })
      .execute();
    const { certification } = await grantCase(h.db, kase.id, {
      level: 'audited',
      actor: bob,
      now: at(4),
      hooks: deps.lifecycleHooks,
    });
    expect(certification.assurance_level).toBe('audited');
  });

  it('refuses an application: refused, private, out of the public log, the chain intact', async () => {
    const { cert, kase } = await reviewedCase(alice);
    const logBefore = await h.db
      .selectFrom('log_pending')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(
      await codeOf(
        refuseCase(h.db, kase.id, { reasons: '  ', actor: alice, now: at(4), hooks: deps.lifecycleHooks }),
      ),
    ).toBe('validation_failed');
    const { case: decided } = await refuseCase(h.db, kase.id, {
      reasons: 'The complaints procedure does not exist.',
      actor: alice,
      now: at(4),
      hooks: deps.lifecycleHooks,
    });
    expect(decided).toMatchObject({
      stage: 'decided',
      outcome: 'refused',
      reasons: 'The complaints procedure does not exist.',
    });
    const row = await h.db
      .selectFrom('certification')
      .select('status')
      .where('id', '=', cert.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
    expect((await certificationHistory(h.db, cert.id)).map((e) => e.kind)).toEqual(['created', 'refused']);
    const logAfter = await h.db
      .selectFrom('log_pending')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(logAfter.n)).toBe(Number(logBefore.n));
    expect(await findPublicCertification(h.db, cert.public_id, at(5))).toBeUndefined();
    expect(await organisationPage(h.db, cert.organisationSlug, at(5))).toBeUndefined();
    expect((await verifyChain(h.db)).ok).toBe(true);
    // A new application of the same organisation is possible: the refused one is final.
    expect(
      await codeOf(
        openCase(h.db, { certificationId: cert.id, kind: 'application', actor: member, now: at(5) }),
      ),
    ).toBe('illegal_case_move');
  });

  it('refuses a grant at a level the scheme version does not allow', async () => {
    const scheme = await h.db
      .selectFrom('scheme')
      .selectAll()
      .where('slug', '=', 'happy-customer')
      .executeTakeFirst();
    if (!scheme) throw new Error('the seeded Belgian scheme is missing');
    const current = await h.db
      .selectFrom('scheme_version')
      .selectAll()
      .where('id', '=', scheme.current_version_id!)
      .executeTakeFirstOrThrow();
    await inTransaction(h.db, async (trx) => {
      const draft = await startDraft(trx, scheme.slug, 'admin', T0);
      await saveDraft(
        trx,
        scheme.slug,
        draft.version,
        { ...parseJson(current.definition), assuranceLevels: ['self_declared'] },
        null,
        T0,
      );
      await publishDraft(trx, scheme.slug, draft.version, { transitionDate: null, actor: 'admin', now: T0 });
    });
    const id = nextKbo();
    const org = await createOrganisation(h.db, {
      legalName: `Klantvriendelijk ${id} NV`,
      country: 'BE',
      registryId: id,
      city: 'Gent',
      website: `https://www.kv-${id}.be`,
    });
    const cert = await createCertification(h.db, {
      organisationId: org.id,
      schemeId: scheme.id,
      assuranceLevel: 'self_declared',
      actor: 'test',
      reason: 'application',
      now: T0,
    });
    const kase = await openCase(h.db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: T0,
    });
    const codes = await answerAll(kase.id);
    await submitCase(h.db, kase.id, member, at(2));
    await startReview(h.db, kase.id, alice, at(3));
    await recordReviews(
      h.db,
      kase.id,
      codes.map((criterion) => ({ criterion, verdict: 'accepted', severity: null, comment: null })),
      alice,
      at(3),
    );
    expect(
      await codeOf(
        grantCase(h.db, kase.id, { level: 'reviewed', actor: bob, now: at(4), hooks: deps.lifecycleHooks }),
      ),
    ).toBe('assurance_level_not_allowed');
    const { certification } = await grantCase(h.db, kase.id, {
      level: 'self_declared',
      actor: bob,
      now: at(4),
      hooks: deps.lifecycleHooks,
    });
    expect(certification.status).toBe('active');
  });
});
