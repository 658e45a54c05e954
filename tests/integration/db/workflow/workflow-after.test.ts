import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/schema/database.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import {
  certificationHistory,
  findCertification,
  grant,
  renew,
  revoke,
  type ChangeHook,
} from '../../../../db/certification/transitions.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { openKeyStore } from '../../../../badges/credentials/key-store.ts';
import { credentialHook } from '../../../../badges/credentials/issuance.ts';
import { openDueRenewals } from '../../../../db/workflow/renewal-open.ts';
import { inGracePeriod, startGracePeriods } from '../../../../db/workflow/renewal-grace.ts';
import { suspendWithRemediation } from '../../../../db/workflow/remediation-open.ts';
import { submitRemediation } from '../../../../db/workflow/remediation-answer.ts';
import { decideRemediation } from '../../../../db/workflow/remediation-decide.ts';
import { openObjection } from '../../../../db/workflow/objection-open.ts';
import { decideObjection } from '../../../../db/workflow/objection-decide.ts';
import { organisationCases, queueCounts, staffQueue } from '../../../../db/workflow/queue.ts';

const T0 = new Date('2026-03-01T09:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);

let staffCount = 0;
async function staff(db: Kysely<Database>, role: 'admin' | 'assessor' = 'assessor') {
  const email = `staff-${process.pid}-${++staffCount}@keurmerk.test`;
  const { id } = await db
    .insertInto('staff_user')
    .values({ email, display_name: email, role, password_hash: 'not a usable hash' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { name: email, staffId: id };
}

describe.each(DIALECTS)('renewal, remediation, objection and queue on %s', (kind) => {
  let h: TestDatabase;
  let hooks: ChangeHook[];
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const keys = await openKeyStore(h.db, {
      publicUrl: 'https://registry.test',
      alg: 'ES256',
      keyFile: null,
      dataDir: 'memory://',
    });
    hooks = [credentialHook({ keys, publicUrl: 'https://registry.test' })];
  });
  afterAll(async () => {
    await h.close();
  });

  /** An active KSF certification granted at `when`, every criterion recorded as met. */
  async function active(when = T0) {
    const c = await pendingCertification(h.db, { now: when });
    const criteria = await h.db
      .selectFrom('criterion')
      .select(['id', 'code'])
      .where('scheme_version_id', '=', c.scheme_version_id)
      .orderBy('position')
      .execute();
    await h.db
      .insertInto('assessment')
      .values(
        criteria.map((k, i) => ({
          certification_id: c.id,
          scheme_version_id: c.scheme_version_id,
          criterion_id: k.id,
          result: i === 0 ? ('not_applicable' as const) : ('met' as const),
          note: `note ${k.code}`,
          assessor: 'assessor@test',
          assessed_at: when,
        })),
      )
      .execute();
    const granted = await grant(h.db, c.public_id, {
      actor: 'assessor@test',
      reason: 'granted',
      now: when,
      hooks,
    });
    return { ...granted, organisationSlug: c.organisationSlug, criteria };
  }

  const liveCredential = (certificationId: number) =>
    h.db
      .selectFrom('credential')
      .selectAll()
      .where('certification_id', '=', certificationId)
      .where('superseded_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();

  it('opens a renewal 60 days ahead, once, with last period’s answers by criterion code', async () => {
    const cert = await active();
    const end = cert.valid_until!;
    const before = new Date(end.getTime() - 61 * DAY);
    expect((await openDueRenewals(h.db, before)).some((o) => o.publicId === cert.public_id)).toBe(false);
    const now = new Date(end.getTime() - 59 * DAY);
    const opened = (await openDueRenewals(h.db, now)).find((o) => o.publicId === cert.public_id);
    expect(opened).toMatchObject({ prefilled: cert.criteria.length });
    expect((await openDueRenewals(h.db, now)).some((o) => o.publicId === cert.public_id)).toBe(false);
    const kase = await h.db
      .selectFrom('certification_case')
      .selectAll()
      .where('id', '=', opened!.caseId)
      .executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ kind: 'renewal', stage: 'draft', opened_by: 'system:renewals' });
    expect(kase.due_at?.toISOString()).toBe(end.toISOString());
    const answers = await h.db
      .selectFrom('case_answer as a')
      .innerJoin('criterion as c', 'c.id', 'a.criterion_id')
      .select(['c.code', 'a.answer', 'a.explanation'])
      .where('a.case_id', '=', kase.id)
      .orderBy('c.position')
      .execute();
    expect(answers[0]).toEqual({
      code: cert.criteria[0]!.code,
      answer: 'not_applicable',
      explanation: `note ${cert.criteria[0]!.code}`,
    });
    expect(answers.slice(1).every((a) => a.answer === 'met')).toBe(true);
  });

  it('keeps a renewal under review valid through the grace period with a credential to its end, then expires it', async () => {
    const cert = await active();
    const end = cert.valid_until!;
    const opened = (await openDueRenewals(h.db, new Date(end.getTime() - 30 * DAY))).find(
      (o) => o.publicId === cert.public_id,
    )!;
    // Not submitted: no grace, expired at valid_until.
    expect(await startGracePeriods(h.db, end, hooks)).toEqual([]);
    await h.db
      .updateTable('certification_case')
      .set({ stage: 'in_review', submitted_at: new Date(end.getTime() - 10 * DAY) })
      .where('id', '=', opened.caseId)
      .execute();
    const started = await startGracePeriods(h.db, new Date(end.getTime() - 1000), hooks);
    expect(started.map((s) => s.publicId)).toEqual([cert.public_id]);
    expect(await startGracePeriods(h.db, end, hooks)).toEqual([]); // once
    const graceEnd = new Date(end.getTime() + 30 * DAY); // KSF v1: 30 days of grace
    const row = (await findCertification(h.db, cert.public_id, new Date(end.getTime() + DAY)))!;
    expect(row.effective_status).toBe('active');
    expect(row.valid_until?.toISOString()).toBe(graceEnd.toISOString());
    expect(row.grace_from?.toISOString()).toBe(end.toISOString());
    expect(inGracePeriod(row, new Date(end.getTime() + DAY))).toBe(true);
    const credentials = await liveCredential(cert.id);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.valid_until.getTime()).toBe(Math.floor(graceEnd.getTime() / 1000) * 1000);
    const history = await certificationHistory(h.db, cert.id);
    expect(history.at(-1)).toMatchObject({
      kind: 'renewal_under_review',
      from_status: 'active',
      to_status: 'active',
    });
    const entry = await h.db
      .selectFrom('log_pending')
      .select('subject')
      .where('subject', '=', cert.public_id)
      .execute();
    expect(entry.length).toBeGreaterThan(0);
    expect((await verifyChain(h.db)).ok).toBe(true);
    expect(
      (await findCertification(h.db, cert.public_id, new Date(graceEnd.getTime() + 1)))!.effective_status,
    ).toBe('expired');
    // A decision in the grace period starts a new period and clears the grace.
    const renewed = await renew(h.db, cert.public_id, {
      actor: 'assessor@test',
      reason: 'renewed',
      now: new Date(end.getTime() + 5 * DAY),
      hooks,
    });
    expect(renewed.grace_from).toBeNull();
  });

  it('suspends with findings and a deadline, takes the corrective answers, and reinstates', async () => {
    const cert = await active();
    const assessor = await staff(h.db);
    const other = await staff(h.db);
    await expect(
      suspendWithRemediation(h.db, cert.public_id, {
        actor: assessor,
        reason: 'complaints',
        findings: [],
        deadline: at(60),
        now: at(10),
        hooks,
      }),
    ).rejects.toMatchObject({ code: 'remediation_findings_required' });
    expect((await findCertification(h.db, cert.public_id, at(10)))!.status).toBe('active');
    const code = cert.criteria[1]!.code;
    const { caseId } = await suspendWithRemediation(h.db, cert.public_id, {
      actor: assessor,
      reason: 'complaints about waiting times',
      findings: [{ criterion: code, comment: 'Callbacks not made' }],
      deadline: at(60),
      now: at(10),
      hooks,
    });
    expect((await findCertification(h.db, cert.public_id, at(11)))!.status).toBe('suspended');
    expect(await liveCredential(cert.id)).toHaveLength(0);
    // Another organisation's member cannot answer: not found.
    await expect(
      submitRemediation(h.db, caseId, {
        actor: { name: 'member:x@x.test', staffId: null },
        organisationId: -1,
        answers: [],
        now: at(12),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      decideRemediation(h.db, caseId, {
        actor: other,
        outcome: 'reinstated',
        reasons: 'x',
        now: at(12),
        hooks,
      }),
    ).rejects.toMatchObject({ code: 'case_move_not_allowed' });
    await submitRemediation(h.db, caseId, {
      actor: { name: 'member:owner@org.test', staffId: null },
      organisationId: cert.organisation_id,
      answers: [{ criterion: code, explanation: 'Callbacks now planned daily' }],
      now: at(20),
    });
    await decideRemediation(h.db, caseId, {
      actor: other,
      outcome: 'reinstated',
      reasons: 'fixed',
      now: at(25),
      hooks,
    });
    expect((await findCertification(h.db, cert.public_id, at(26)))!.status).toBe('active');
    expect(await liveCredential(cert.id)).toHaveLength(1);
    const kase = await h.db
      .selectFrom('certification_case')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(kase).toMatchObject({
      stage: 'decided',
      outcome: 'reinstated',
      decided_by_staff_id: other.staffId,
    });
  });

  it('lets another staff member, never the one who decided, uphold an objection to a revocation', async () => {
    const cert = await active();
    const decider = await staff(h.db);
    const other = await staff(h.db);
    const member = { name: 'member:owner@org.test', staffId: null };
    const { caseId: remediation } = await suspendWithRemediation(h.db, cert.public_id, {
      actor: decider,
      reason: 'serious complaints',
      findings: [{ criterion: cert.criteria[2]!.code, comment: 'Data handled carelessly' }],
      deadline: at(30),
      now: at(5),
      hooks,
    });
    await decideRemediation(h.db, remediation, {
      actor: decider,
      outcome: 'revoked',
      reasons: 'no answer',
      now: at(31),
      hooks,
    });
    const revokedCredential = await h.db
      .selectFrom('credential')
      .select(['id', 'status_list', 'status_index', 'revoked_at'])
      .where('certification_id', '=', cert.id)
      .orderBy('issued_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(revokedCredential.revoked_at).not.toBeNull();
    // Outside the objection period: refused.
    await expect(
      openObjection(h.db, cert.public_id, {
        actor: member,
        organisationId: cert.organisation_id,
        reasons: 'late',
        now: at(31 + 43),
      }),
    ).rejects.toMatchObject({ code: 'objection_not_open' });
    const { caseId } = await openObjection(h.db, cert.public_id, {
      actor: member,
      organisationId: cert.organisation_id,
      reasons: 'We did answer, by post',
      now: at(35),
    });
    await expect(
      openObjection(h.db, cert.public_id, {
        actor: member,
        organisationId: cert.organisation_id,
        reasons: 'again',
        now: at(36),
      }),
    ).rejects.toMatchObject({ code: 'objection_already_open', details: { caseId } });
    await expect(
      decideObjection(h.db, caseId, {
        actor: decider,
        outcome: 'upheld',
        reasons: 'mine',
        now: at(40),
        hooks,
      }),
    ).rejects.toMatchObject({ code: 'objection_same_person' });
    expect((await findCertification(h.db, cert.public_id, at(40)))!.status).toBe('revoked');
    await decideObjection(h.db, caseId, {
      actor: other,
      outcome: 'upheld',
      reasons: 'letter found',
      now: at(40),
      hooks,
    });
    const after = (await findCertification(h.db, cert.public_id, at(41)))!;
    expect(after.status).toBe('active');
    expect(after.public_id).toBe(cert.public_id);
    const live = await liveCredential(cert.id);
    expect(live).toHaveLength(1);
    expect(live[0]!.id).not.toBe(revokedCredential.id);
    expect([live[0]!.status_list, live[0]!.status_index]).not.toEqual([
      revokedCredential.status_list,
      revokedCredential.status_index,
    ]);
    // The revoked credential stays revoked: its bit never clears.
    const old = await h.db
      .selectFrom('credential')
      .select('revoked_at')
      .where('id', '=', revokedCredential.id)
      .executeTakeFirstOrThrow();
    expect(old.revoked_at).not.toBeNull();
    const history = await certificationHistory(h.db, cert.id);
    expect(history.map((e) => e.kind)).toEqual([
      'created',
      'granted',
      'suspended',
      'revoked',
      'reinstated_after_objection',
    ]);
    const objection = await h.db
      .selectFrom('certification_case')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(objection).toMatchObject({
      outcome: 'upheld',
      objection: 'We did answer, by post',
      reasons: 'letter found',
    });
    expect(objection.objected_decision_staff_id).toBe(decider.staffId);
    // A plain revoke (no case) is still objected to by name: the same person is refused.
    const second = await active();
    await revoke(h.db, second.public_id, { actor: decider.name, reason: 'fraud', now: at(3), hooks });
    const o2 = await openObjection(h.db, second.public_id, {
      actor: member,
      organisationId: second.organisation_id,
      reasons: 'no fraud',
      now: at(4),
    });
    await expect(
      decideObjection(h.db, o2.caseId, { actor: decider, outcome: 'rejected', reasons: 'x', now: at(5) }),
    ).rejects.toMatchObject({ code: 'objection_same_person' });
    await decideObjection(h.db, o2.caseId, {
      actor: other,
      outcome: 'rejected',
      reasons: 'fraud stands',
      now: at(5),
    });
    expect((await findCertification(h.db, second.public_id, at(6)))!.status).toBe('revoked');
  });

  it('orders the queue: remediations past their deadline first, then oldest first; members see their own', async () => {
    const assessor = await staff(h.db);
    const late = await active();
    const fresh = await active();
    const { caseId: lateCase } = await suspendWithRemediation(h.db, late.public_id, {
      actor: assessor,
      reason: 'complaints',
      findings: [{ criterion: late.criteria[0]!.code, comment: 'x' }],
      deadline: at(20),
      now: at(2),
      hooks,
    });
    const { caseId: freshCase } = await suspendWithRemediation(h.db, fresh.public_id, {
      actor: assessor,
      reason: 'complaints',
      findings: [{ criterion: fresh.criteria[0]!.code, comment: 'x' }],
      deadline: at(200),
      now: at(1),
      hooks,
    });
    const queue = await staffQueue(h.db, at(21), { limit: 2000 });
    const ids = queue.map((q) => q.caseId);
    expect(queue[0]).toMatchObject({ kind: 'remediation', overdue: true });
    expect(
      queue.filter((q) => q.overdue).every((q, i, all) => i === 0 || all[i - 1]!.dueAt! <= q.dueAt!),
    ).toBe(true);
    expect(ids.indexOf(lateCase)).toBeLessThan(ids.indexOf(freshCase));
    const rest = queue.filter((q) => !q.overdue);
    expect(rest.every((q, i) => i === 0 || rest[i - 1]!.updatedAt <= q.updatedAt)).toBe(true);
    const counts = await queueCounts(h.db, at(21));
    expect(counts.overdue).toBe(queue.filter((q) => q.overdue).length);
    expect(counts.byKind.remediation).toBe(queue.filter((q) => q.kind === 'remediation').length);
    const own = await organisationCases(h.db, late.organisation_id);
    expect(own.map((c) => c.caseId)).toEqual([lateCase]);
  });
});
