import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import type { CaseActor } from './case-actor.ts';
import { lockCase, requireMove } from './remediation-moves.ts';

export interface CorrectiveAnswer {
  /** A criterion code that carries a finding of the case. */
  readonly criterion: string;
  /** What the organisation changed; evidence files go with it (purpose `corrective`). */
  readonly explanation: string;
}

/**
 * The member's corrective answers to a remediation's findings, submitted in one step: every
 * mandatory finding needs an explanation. The case moves to `submitted`; staff then reinstate
 * or revoke (remediation-decide.ts).
 */
export async function submitRemediation(
  db: Kysely<Database>,
  caseId: number,
  input: { actor: CaseActor; organisationId: number; answers: readonly CorrectiveAnswer[]; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const kase = await lockCase(trx, caseId, 'remediation', input.organisationId);
    const plan = requireMove(kase, 'submit');
    const findings = await trx
      .selectFrom('case_review as r')
      .innerJoin('criterion as c', 'c.id', 'r.criterion_id')
      .select(['r.criterion_id', 'c.code', 'r.severity'])
      .where('r.case_id', '=', caseId)
      .where('r.verdict', '=', 'finding')
      .execute();
    const byCode = new Map(findings.map((f) => [f.code, f]));
    for (const a of input.answers) {
      if (!byCode.has(a.criterion))
        throw new ValidationError('answers', `"${a.criterion}" carries no finding in this case.`);
      if (a.explanation.length > 8000)
        throw new ValidationError('answers', 'An explanation is longer than 8,000 characters.');
    }
    const given = new Map(input.answers.filter((a) => a.explanation.trim()).map((a) => [a.criterion, a]));
    const missing = findings.find((f) => f.severity === 'mandatory' && !given.has(f.code));
    if (missing)
      throw new KeurmerkError('remediation_findings_required', `Explain what changed for ${missing.code}.`);
    for (const [code, a] of given) {
      const values = {
        case_id: caseId,
        criterion_id: byCode.get(code)!.criterion_id,
        answer: 'met' as const,
        explanation: a.explanation.trim(),
        updated_by: input.actor.name,
        updated_at: input.now,
      };
      await trx
        .insertInto('case_answer')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['case_id', 'criterion_id']).doUpdateSet({
            answer: values.answer,
            explanation: values.explanation,
            updated_by: values.updated_by,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    }
    await trx
      .updateTable('certification_case')
      .set({ stage: plan.to, submitted_at: input.now, updated_at: input.now })
      .where('id', '=', caseId)
      .execute();
  });
}
