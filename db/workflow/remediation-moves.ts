import type { Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationCase } from '../schema/certification-case.table.ts';
import type { CaseKind } from '../vocabulary.ts';
import { KeurmerkError, NotFoundError } from '../errors.ts';
import { planCaseMove, type CaseMove } from './stages.ts';

/**
 * Locks a case of `kind` for a move (another kind, or a case of another organisation when
 * `organisationId` is given, is "not found": a member never learns another's case exists).
 */
export async function lockCase(
  trx: Transaction<Database>,
  caseId: number,
  kind: CaseKind,
  organisationId?: number,
): Promise<CertificationCase & { public_id: string; organisation_id: number }> {
  const row = await trx
    .selectFrom('certification_case as k')
    .innerJoin('certification as c', 'c.id', 'k.certification_id')
    .selectAll('k')
    .select(['c.public_id', 'c.organisation_id'])
    .where('k.id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.kind !== kind || (organisationId !== undefined && row.organisation_id !== organisationId))
    throw new NotFoundError('case', String(caseId));
  return row;
}

/** Applies the pure stage rule of `move`; the typed refusal when the case may not make it. */
export function requireMove(kase: Pick<CertificationCase, 'kind' | 'stage'>, move: CaseMove) {
  const plan = planCaseMove(kase.kind, kase.stage, move);
  if (!plan.ok) throw new KeurmerkError('case_move_not_allowed', undefined, { stage: kase.stage, move });
  return plan;
}
