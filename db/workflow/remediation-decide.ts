import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { applyTransition, type ChangeHook } from '../certification/transitions.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { allowsOutcome } from './stages.ts';
import type { CaseActor } from './case-actor.ts';
import { lockCase, requireMove } from './remediation-moves.ts';

export interface RemediationDecision {
  readonly actor: CaseActor;
  readonly outcome: 'reinstated' | 'revoked';
  readonly reasons: string;
  readonly now: Date;
  readonly hooks?: readonly ChangeHook[];
}

/** Marks a case decided; shared by remediation and objection decisions. */
export async function closeCase(
  trx: Transaction<Database>,
  caseId: number,
  decision: {
    actor: CaseActor;
    outcome: RemediationDecision['outcome'] | 'upheld' | 'rejected';
    reasons: string;
    now: Date;
  },
): Promise<void> {
  await trx
    .updateTable('certification_case')
    .set({
      stage: 'decided',
      outcome: decision.outcome,
      reasons: decision.reasons,
      decided_by: decision.actor.name,
      decided_by_staff_id: decision.actor.staffId,
      decided_at: decision.now,
      updated_at: decision.now,
    })
    .where('id', '=', caseId)
    .execute();
}

/**
 * Staff decide a remediation: `reinstated` (a new credential, as any reinstatement) or
 * `revoked` (final for the credential). A submitted case is taken into review by the decision
 * itself; one still waiting for the member may be decided only once its deadline passed. The
 * lifecycle change and the case's decision commit together.
 */
export async function decideRemediation(
  db: Kysely<Database>,
  caseId: number,
  decision: RemediationDecision,
): Promise<void> {
  if (!allowsOutcome('remediation', decision.outcome))
    throw new KeurmerkError('case_outcome_not_allowed', undefined, { outcome: decision.outcome });
  const reasons = decision.reasons.trim();
  if (!reasons) throw new ValidationError('reasons', 'A decision needs reasons.');
  await inTransaction(db, async (trx) => {
    let kase = await lockCase(trx, caseId, 'remediation');
    if (kase.stage === 'submitted') {
      const review = requireMove(kase, 'start_review');
      kase = { ...kase, stage: review.to };
    }
    if (kase.stage === 'changes_requested' && kase.due_at && kase.due_at > decision.now)
      throw new KeurmerkError('case_move_not_allowed', 'The member still has until the deadline to answer.', {
        stage: kase.stage,
      });
    requireMove(kase, 'decide');
    await applyTransition(trx, kase.public_id, decision.outcome === 'reinstated' ? 'reinstate' : 'revoke', {
      actor: decision.actor.name,
      reason: reasons,
      now: decision.now,
      hooks: decision.hooks ?? [],
    });
    await closeCase(trx, caseId, { ...decision, reasons });
  });
}
