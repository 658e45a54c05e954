import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { applyTransition, type ChangeHook } from '../certification/transitions.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import type { CaseActor } from './case-actor.ts';
import { lockCase, requireMove } from './remediation-moves.ts';
import { closeCase } from './remediation-decide.ts';
import { tookObjectedDecision } from './objection-person.ts';
import { reopenRefusedApplication } from './objection-reopen.ts';

export interface ObjectionDecision {
  readonly actor: CaseActor;
  readonly outcome: 'upheld' | 'rejected';
  readonly reasons: string;
  readonly now: Date;
  readonly hooks?: readonly ChangeHook[];
}

export { tookObjectedDecision };

/**
 * Decides an objection; only a staff member other than the one who took the decision objected to
 * may (`objection_same_person` otherwise). Upheld against a suspension or revocation, the
 * certification is reinstated after objection (a new credential and status-list index on the
 * same public id; the revoked credential's bit never clears) and an open remediation is closed
 * as reinstated. Upheld against a refusal, the application returns to review, privately
 * (objection-reopen.ts). Rejected, nothing else changes. One transaction.
 */
export async function decideObjection(
  db: Kysely<Database>,
  caseId: number,
  decision: ObjectionDecision,
): Promise<void> {
  if (decision.outcome !== 'upheld' && decision.outcome !== 'rejected')
    throw new KeurmerkError('case_outcome_not_allowed', undefined, { outcome: String(decision.outcome) });
  const reasons = decision.reasons.trim();
  if (!reasons) throw new ValidationError('reasons', 'A decision needs reasons.');
  await inTransaction(db, async (trx) => {
    let kase = await lockCase(trx, caseId, 'objection');
    const event = kase.objected_event_id
      ? await trx
          .selectFrom('certification_event')
          .select(['actor', 'kind'])
          .where('id', '=', kase.objected_event_id)
          .executeTakeFirst()
      : undefined;
    if (
      tookObjectedDecision(decision.actor, {
        staffId: kase.objected_decision_staff_id,
        eventActor: event?.actor ?? null,
      })
    )
      throw new KeurmerkError('objection_same_person');
    if (kase.stage === 'submitted') kase = { ...kase, stage: requireMove(kase, 'start_review').to };
    requireMove(kase, 'decide');
    if (decision.outcome === 'upheld' && event?.kind === 'refused') {
      await reopenRefusedApplication(trx, kase, { ...decision, reasons });
    } else if (decision.outcome === 'upheld') {
      await applyTransition(trx, kase.public_id, 'reinstate_after_objection', {
        actor: decision.actor.name,
        reason: reasons,
        now: decision.now,
        hooks: decision.hooks ?? [],
      });
      const remediation = await trx
        .selectFrom('certification_case')
        .select('id')
        .where('certification_id', '=', kase.certification_id)
        .where('kind', '=', 'remediation')
        .where('stage', 'not in', ['decided', 'withdrawn'])
        .executeTakeFirst();
      if (remediation) await closeCase(trx, remediation.id, { ...decision, outcome: 'reinstated', reasons });
    }
    await trx
      .updateTable('certification_case')
      .set({
        reviewed_by: decision.actor.name,
        reviewed_by_staff_id: decision.actor.staffId,
        reviewed_at: decision.now,
      })
      .where('id', '=', caseId)
      .execute();
    await closeCase(trx, caseId, { ...decision, reasons });
  });
}
