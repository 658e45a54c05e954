import type { Kysely, Transaction } from 'kysely';
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

interface RemediationInput {
  actor: CaseActor;
  organisationId: number;
  answers: readonly CorrectiveAnswer[];
  now: Date;
}

/**
 * Checks the answers against the case's findings and stores the explained ones, in the caller's
 * transaction; returns the findings and which of them now carry an explanation.
 */
async function writeCorrective(trx: Transaction<Database>, caseId: number, input: RemediationInput) {
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
  const explained = await trx
    .selectFrom('case_answer')
    .select('criterion_id')
    .where('case_id', '=', caseId)
    .where('explanation', 'is not', null)
    .execute();
  const done = new Set(explained.map((e) => e.criterion_id));
  return findings.map((f) => ({ ...f, explained: done.has(f.criterion_id) }));
}

/**
 * Keeps the member's corrective answers as a draft while the remediation waits for them (so
 * nothing typed is lost while they add evidence files); the case stays `changes_requested`.
 */
export async function saveRemediation(
  db: Kysely<Database>,
  caseId: number,
  input: RemediationInput,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const kase = await lockCase(trx, caseId, 'remediation', input.organisationId);
    requireMove(kase, 'submit');
    await writeCorrective(trx, caseId, input);
    await trx
      .updateTable('certification_case')
      .set({ updated_at: input.now })
      .where('id', '=', caseId)
      .execute();
  });
}

/**
 * The member's corrective answers to a remediation's findings, submitted in one step: every
 * mandatory finding needs an explanation (given now or saved before). The case moves to
 * `submitted`; staff then reinstate or revoke (remediation-decide.ts). A passed deadline does not
 * stop it: until staff decide, a late answer is still worth reading.
 */
export async function submitRemediation(
  db: Kysely<Database>,
  caseId: number,
  input: RemediationInput,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const kase = await lockCase(trx, caseId, 'remediation', input.organisationId);
    const plan = requireMove(kase, 'submit');
    const findings = await writeCorrective(trx, caseId, input);
    const missing = findings.find((f) => f.severity === 'mandatory' && !f.explained);
    if (missing)
      throw new KeurmerkError('remediation_answer_missing', `Explain what changed for ${missing.code}.`, {
        criterion: missing.code,
      });
    await trx
      .updateTable('certification_case')
      .set({ stage: plan.to, submitted_at: input.now, updated_at: input.now })
      .where('id', '=', caseId)
      .execute();
  });
}
