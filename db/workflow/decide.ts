import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationCase } from '../schema/certification-case.table.ts';
import type { AssuranceLevel } from '../vocabulary.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import {
  applyTransition,
  findCertification,
  type Certification,
  type ChangeHook,
} from '../certification/transitions.ts';
import { recordAssessments, requireCompleteAssessment } from '../certification/assessments.ts';
import { allowedLevels } from './levels.ts';
import { lockCaseFor, type CaseActor } from './cases.ts';
import { grantObstacle } from './decision-rules.ts';
import { allowsOutcome } from './stages.ts';
import { requireOtherThanRefuser } from './objection-reopen.ts';

export interface DecisionRequest {
  actor: CaseActor;
  now: Date;
  /** The credential hooks (issue, revoke), run in the certification change's transaction. */
  hooks: readonly ChangeHook[];
}

function reasonText(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw new ValidationError(field, 'Give the reasons for the decision.');
  if (text.length > 2000) throw new ValidationError(field, 'The reasons are longer than 2000 characters.');
  return text;
}

async function grantFacts(trx: Transaction<Database>, kase: CertificationCase) {
  const [criteria, reviews, reports] = await Promise.all([
    trx
      .selectFrom('criterion')
      .select(['id', 'code'])
      .where('scheme_version_id', '=', kase.scheme_version_id)
      .orderBy('position')
      .execute(),
    trx
      .selectFrom('case_review')
      .select(['criterion_id', 'verdict', 'severity', 'reviewed_by_staff_id'])
      .where('case_id', '=', kase.id)
      .execute(),
    trx
      .selectFrom('case_evidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', kase.id)
      .where('purpose', '=', 'audit_report')
      .executeTakeFirstOrThrow(),
  ]);
  const reviewed = new Map(reviews.map((r) => [r.criterion_id, r]));
  return {
    unreviewed: criteria.filter((c) => !reviewed.has(c.id)).map((c) => c.code),
    mandatoryFindings: criteria
      .filter((c) => reviewed.get(c.id)?.severity === 'mandatory')
      .map((c) => c.code),
    reviewerStaffIds: [kase.reviewed_by_staff_id, ...reviews.map((r) => r.reviewed_by_staff_id)],
    auditReports: Number(reports.n),
  };
}

/** The member's answers become the certification's assessment, against the case's version. */
function assessmentFromAnswers(
  kase: CertificationCase,
  assessor: string,
  level: AssuranceLevel,
  now: Date,
): ChangeHook {
  return async (trx, change) => {
    const answers = await trx
      .selectFrom('case_answer as a')
      .innerJoin('criterion as r', 'r.id', 'a.criterion_id')
      .select(['r.code', 'a.answer', 'a.explanation'])
      .where('a.case_id', '=', kase.id)
      .execute();
    await trx
      .updateTable('certification')
      .set({ assurance_level: level })
      .where('id', '=', change.after.id)
      .execute();
    await recordAssessments(
      trx,
      change.after.id,
      kase.scheme_version_id,
      answers.map((a) => ({ criterion: a.code, result: a.answer, note: a.explanation })),
      assessor,
      now,
      level,
    );
    await requireCompleteAssessment(trx, change.after.id, kase.scheme_version_id);
  };
}

/**
 * Grants an application (pending → active) or a renewal (a new period) at `level`, in one
 * transaction: the case's rules (allowed level, findings, four eyes, audit report), then the
 * certification's transition with its event, credential and log entry, resting on the case's
 * scheme version and assessed from the member's answers; then the case is decided.
 */
export async function grantCase(
  db: Kysely<Database>,
  caseId: number,
  input: DecisionRequest & { level: AssuranceLevel; reason?: string },
): Promise<{ case: CertificationCase; certification: Certification }> {
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'decide');
    if (!allowsOutcome(kase.kind, 'granted'))
      throw new KeurmerkError('illegal_case_move', undefined, { move: 'decide' });
    if (kase.kind === 'application') await requireOtherThanRefuser(trx, kase.certification_id, input.actor);
    const obstacle = grantObstacle({
      level: input.level,
      allowedLevels: await allowedLevels(trx, kase.scheme_version_id),
      deciderStaffId: input.actor.staffId,
      ...(await grantFacts(trx, kase)),
    });
    if (obstacle) throw new KeurmerkError(obstacle.code, undefined, obstacle.details);
    const cert = await trx
      .selectFrom('certification')
      .select('public_id')
      .where('id', '=', kase.certification_id)
      .executeTakeFirstOrThrow();
    await applyTransition(trx, cert.public_id, kase.kind === 'renewal' ? 'renew' : 'grant', {
      actor: input.actor.name,
      reason: input.reason?.trim() || `Granted (${input.level}) on case ${kase.id}.`,
      now: input.now,
      schemeVersionId: kase.scheme_version_id,
      hooks: [assessmentFromAnswers(kase, input.actor.name, input.level, input.now), ...input.hooks],
    });
    const decided = await trx
      .updateTable('certification_case')
      .set({
        stage: kase.to,
        outcome: 'granted',
        assurance_level: input.level,
        decided_by: input.actor.name,
        decided_by_staff_id: input.actor.staffId,
        decided_at: input.now,
        updated_at: input.now,
      })
      .where('id', '=', kase.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Read back: the hooks set the level after the transition wrote the row.
    const certification = (await findCertification(trx, cert.public_id, input.now))!;
    return { case: decided, certification };
  });
}

/**
 * Refuses an application with reasons: pending → refused (final and private; the organisation may
 * apply again). A refused renewal leaves the certification as it is: it expires when its period ends.
 */
export async function refuseCase(
  db: Kysely<Database>,
  caseId: number,
  input: DecisionRequest & { reasons: string },
): Promise<{ case: CertificationCase }> {
  const reasons = reasonText(input.reasons, 'reasons');
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'decide');
    if (!allowsOutcome(kase.kind, 'refused'))
      throw new KeurmerkError('illegal_case_move', undefined, { move: 'decide' });
    if (kase.kind === 'application') await requireOtherThanRefuser(trx, kase.certification_id, input.actor);
    if (kase.kind === 'application') {
      const cert = await trx
        .selectFrom('certification')
        .select('public_id')
        .where('id', '=', kase.certification_id)
        .executeTakeFirstOrThrow();
      await applyTransition(trx, cert.public_id, 'refuse', {
        actor: input.actor.name,
        reason: reasons,
        now: input.now,
        hooks: input.hooks,
      });
    }
    const decided = await trx
      .updateTable('certification_case')
      .set({
        stage: kase.to,
        outcome: 'refused',
        reasons,
        decided_by: input.actor.name,
        decided_by_staff_id: input.actor.staffId,
        decided_at: input.now,
        updated_at: input.now,
      })
      .where('id', '=', kase.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { case: decided };
  });
}
