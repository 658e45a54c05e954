import type { Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationCase } from '../schema/certification-case.table.ts';
import { applyTransition, type ChangeHook } from '../certification/transitions.ts';
import { KeurmerkError } from '../errors.ts';
import { openCertificationOf } from '../certification/one-open.ts';
import type { CaseActor } from './case-actor.ts';
import { tookObjectedDecision } from './objection-person.ts';
import { requireMove } from './remediation-moves.ts';

/**
 * An objection upheld against a refusal: the certification goes refused → pending (event
 * `reopened_after_objection`, private like the refusal: never public history, open data, log or
 * API) and the refused application case goes back to `in_review` without its decision, so staff
 * decide it anew. Runs in the objection decision's transaction.
 */
export async function reopenRefusedApplication(
  trx: Transaction<Database>,
  objection: Pick<CertificationCase, 'certification_id' | 'objected_case_id'> & { public_id: string },
  decision: { actor: CaseActor; reasons: string; now: Date; hooks?: readonly ChangeHook[] },
): Promise<void> {
  // Refused, the organisation may have applied again (migration 2026-12-03T1540): only one open
  // certification of a scheme per organisation, so the newer application is decided instead.
  const old = await trx
    .selectFrom('certification')
    .select(['organisation_id', 'scheme_id'])
    .where('id', '=', objection.certification_id)
    .executeTakeFirstOrThrow();
  if (await openCertificationOf(trx, old.organisation_id, old.scheme_id, objection.certification_id))
    throw new KeurmerkError('reopen_superseded');
  await applyTransition(trx, objection.public_id, 'reopen_after_objection', {
    actor: decision.actor.name,
    reason: decision.reasons,
    now: decision.now,
    hooks: decision.hooks ?? [],
  });
  // The case that was refused; a refusal made without a case (the plain lifecycle action) leaves
  // none, and the member then opens the application's case again from the portal.
  let query = trx
    .selectFrom('certification_case')
    .selectAll()
    .where('certification_id', '=', objection.certification_id)
    .where('kind', '=', 'application')
    .where('outcome', '=', 'refused');
  if (objection.objected_case_id !== null) query = query.where('id', '=', objection.objected_case_id);
  const refused = await query.orderBy('id', 'desc').forUpdate().executeTakeFirst();
  if (!refused) return;
  const plan = requireMove(refused, 'reopen');
  await trx
    .updateTable('certification_case')
    .set({
      stage: plan.to,
      outcome: null,
      reasons: null,
      decided_by: null,
      decided_by_staff_id: null,
      decided_at: null,
      updated_at: decision.now,
    })
    .where('id', '=', refused.id)
    .execute();
}

/**
 * Refuses `actor` as the decider of an application whose earlier refusal by them was overturned
 * on objection (`reopened_same_person`): the new decision is someone else's, as with the
 * objection itself. Checked in the grant's and the refusal's transaction.
 */
export async function requireOtherThanRefuser(
  trx: Transaction<Database>,
  certificationId: number,
  actor: CaseActor,
): Promise<void> {
  const overturned = await trx
    .selectFrom('certification_case as k')
    .innerJoin('certification_event as e', 'e.id', 'k.objected_event_id')
    .select(['k.objected_decision_staff_id', 'e.actor'])
    .where('k.certification_id', '=', certificationId)
    .where('k.kind', '=', 'objection')
    .where('k.outcome', '=', 'upheld')
    .where('e.kind', '=', 'refused')
    .execute();
  for (const o of overturned)
    if (tookObjectedDecision(actor, { staffId: o.objected_decision_staff_id, eventActor: o.actor }))
      throw new KeurmerkError('reopened_same_person');
}
