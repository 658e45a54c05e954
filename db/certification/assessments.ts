import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssessmentResult } from '../schema/assessment.table.ts';
import type { AssuranceLevel } from '../vocabulary.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AssessmentInput {
  /** Criterion code within the certification's scheme, e.g. `KSF-1`. */
  criterion: string;
  result: AssessmentResult;
  note: string | null;
}

/**
 * Records results per criterion (one row per criterion; a later assessment replaces the earlier
 * one), each resting on `basis` (declared, reviewed or audited; public per criterion). Unknown
 * criterion codes are a ValidationError naming the code.
 */
export async function recordAssessments(
  trx: Transaction<Database>,
  certificationId: number,
  schemeVersionId: number,
  items: readonly AssessmentInput[],
  assessor: string,
  now: Date,
  basis: AssuranceLevel,
): Promise<void> {
  if (items.length === 0) return;
  const criteria = await trx
    .selectFrom('criterion')
    .select(['id', 'code'])
    .where('scheme_version_id', '=', schemeVersionId)
    .execute();
  const byCode = new Map(criteria.map((c) => [c.code, c.id]));
  for (const item of items) {
    const criterionId = byCode.get(item.criterion);
    if (criterionId === undefined)
      throw new ValidationError(
        'assessments',
        `The scheme has no criterion "${item.criterion.slice(0, 40)}".`,
      );
    await trx
      .insertInto('assessment')
      .values({
        certification_id: certificationId,
        criterion_id: criterionId,
        scheme_version_id: schemeVersionId,
        result: item.result,
        note: item.note,
        basis,
        assessor,
        assessed_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['certification_id', 'criterion_id'])
          .doUpdateSet({ result: item.result, note: item.note, basis, assessor, assessed_at: now }),
      )
      .execute();
  }
}

/**
 * A grant decides the whole assessment of an application: every result recorded while it was
 * pending now rests on the level granted, whoever recorded it and whenever.
 */
export async function settleAssessmentBasis(
  trx: Transaction<Database>,
  certificationId: number,
  basis: AssuranceLevel,
): Promise<void> {
  await trx
    .updateTable('assessment')
    .set({ basis })
    .where('certification_id', '=', certificationId)
    .execute();
}

/**
 * A certification may be granted or renewed only when every criterion of the scheme version it
 * rests on has been
 * assessed and none is `not_met`; otherwise a 409 naming the criteria.
 */
export async function requireCompleteAssessment(
  db: Db,
  certificationId: number,
  schemeVersionId: number,
): Promise<void> {
  const rows = await db
    .selectFrom('criterion as k')
    .leftJoin('assessment as a', (join) =>
      join.onRef('a.criterion_id', '=', 'k.id').on('a.certification_id', '=', certificationId),
    )
    .select(['k.code', 'a.result'])
    .where('k.scheme_version_id', '=', schemeVersionId)
    .orderBy('k.position')
    .execute();
  const missing = rows.filter((r) => r.result === null).map((r) => r.code);
  if (missing.length > 0)
    throw new KeurmerkError(
      'assessment_incomplete',
      `Assess every criterion first; missing: ${missing.join(', ')}.`,
      { missing },
    );
  const notMet = rows.filter((r) => r.result === 'not_met').map((r) => r.code);
  if (notMet.length > 0)
    throw new KeurmerkError('criteria_not_met', `Criteria not met: ${notMet.join(', ')}.`, { notMet });
}
