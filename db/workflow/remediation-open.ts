import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { applyTransition, type Certification, type ChangeHook } from '../certification/transitions.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import type { CaseActor } from './case-actor.ts';

/** The longest remediation period staff may give. */
export const MAX_REMEDIATION_DAYS = 366;

export interface RemediationFinding {
  /** A criterion code of the version the certification rests on. */
  readonly criterion: string;
  readonly comment: string;
}

export interface SuspendWithRemediation {
  readonly actor: CaseActor;
  readonly reason: string;
  readonly findings: readonly RemediationFinding[];
  readonly deadline: Date;
  readonly now: Date;
  readonly hooks?: readonly ChangeHook[];
}

/** Checks the findings and deadline before anything is written. Pure. */
export function checkRemediationInput(
  input: Pick<SuspendWithRemediation, 'findings' | 'deadline' | 'now'>,
): void {
  const { findings, deadline, now } = input;
  if (findings.length === 0 || findings.some((f) => !f.comment.trim() || !f.criterion.trim()))
    throw new KeurmerkError('remediation_findings_required');
  if (findings.some((f) => f.comment.length > 8000))
    throw new ValidationError('findings', 'A finding is longer than 8,000 characters.');
  if (new Set(findings.map((f) => f.criterion)).size !== findings.length)
    throw new ValidationError('findings', 'Each criterion takes one finding.');
  if (
    Number.isNaN(deadline.getTime()) ||
    deadline <= now ||
    deadline.getTime() - now.getTime() > MAX_REMEDIATION_DAYS * 86_400_000
  )
    throw new KeurmerkError('remediation_deadline_invalid');
}

/**
 * Suspends a certification and opens its remediation case in the same transaction: the case
 * starts at `changes_requested` with the deadline as `due_at`, and each finding is a mandatory
 * `case_review` row by the person who suspended (whose staff id the objection rule compares).
 * The suspension itself is the lifecycle's (event, credential bit, log entry, NOTIFY).
 */
export async function suspendWithRemediation(
  db: Kysely<Database>,
  publicId: string,
  input: SuspendWithRemediation,
): Promise<{ certification: Certification; caseId: number }> {
  checkRemediationInput(input);
  return inTransaction(db, async (trx) => {
    const certification = await applyTransition(trx, publicId, 'suspend', {
      actor: input.actor.name,
      reason: input.reason,
      now: input.now,
      hooks: input.hooks ?? [],
    });
    const criteria = await trx
      .selectFrom('criterion')
      .select(['id', 'code'])
      .where('scheme_version_id', '=', certification.scheme_version_id)
      .execute();
    const byCode = new Map(criteria.map((c) => [c.code, c.id]));
    const unknown = input.findings.find((f) => !byCode.has(f.criterion));
    if (unknown)
      throw new ValidationError(
        'findings',
        `"${unknown.criterion}" is not a criterion of this scheme version.`,
      );
    const opened = await trx
      .insertInto('certification_case')
      .values({
        certification_id: certification.id,
        kind: 'remediation',
        stage: 'changes_requested',
        scheme_version_id: certification.scheme_version_id,
        opened_by: input.actor.name,
        opened_at: input.now,
        updated_at: input.now,
        due_at: input.deadline,
        reviewed_by: input.actor.name,
        reviewed_by_staff_id: input.actor.staffId,
        reviewed_at: input.now,
        reasons: input.reason.trim(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('case_review')
      .values(
        input.findings.map((f) => ({
          case_id: opened.id,
          criterion_id: byCode.get(f.criterion)!,
          verdict: 'finding' as const,
          severity: 'mandatory' as const,
          comment: f.comment.trim(),
          reviewed_by: input.actor.name,
          reviewed_by_staff_id: input.actor.staffId,
          reviewed_at: input.now,
        })),
      )
      .execute();
    return { certification, caseId: opened.id };
  });
}

/** The open remediation of a certification: its deadline is shown on public pages. */
export async function openRemediation(
  db: Kysely<Database>,
  certificationId: number,
): Promise<{ id: number; dueAt: Date | null; stage: string } | undefined> {
  const row = await db
    .selectFrom('certification_case')
    .select(['id', 'due_at', 'stage'])
    .where('certification_id', '=', certificationId)
    .where('kind', '=', 'remediation')
    .where('stage', 'not in', ['decided', 'withdrawn'])
    .executeTakeFirst();
  return row && { id: row.id, dueAt: row.due_at, stage: row.stage };
}
