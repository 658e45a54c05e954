import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationCase } from '../schema/certification-case.table.ts';
import type { AssessmentResult, FindingSeverity, ReviewVerdict } from '../vocabulary.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { lockCaseFor, type CaseActor } from './cases.ts';
import { answerObstacle, unanswered } from './decision-rules.ts';
import { planCaseMove } from './stages.ts';

export interface AnswerInput {
  /** Criterion code within the case's scheme version, e.g. `KSF-1`. */
  criterion: string;
  answer: AssessmentResult;
  explanation: string | null;
}

export interface ReviewInput {
  criterion: string;
  verdict: ReviewVerdict;
  severity: FindingSeverity | null;
  comment: string | null;
}

const MAX_DEADLINE_MS = 366 * 86_400_000;

async function criterionIds(trx: Transaction<Database>, versionId: number): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('criterion')
    .select(['id', 'code'])
    .where('scheme_version_id', '=', versionId)
    .orderBy('position')
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

function idOf(ids: Map<string, number>, code: string, field: string): number {
  const id = ids.get(code);
  if (id === undefined)
    throw new ValidationError(field, `The scheme version has no criterion "${code.slice(0, 40)}".`);
  return id;
}

async function moveTo(
  trx: Transaction<Database>,
  id: number,
  set: Partial<Omit<CertificationCase, 'id'>>,
  now: Date,
): Promise<CertificationCase> {
  return trx
    .updateTable('certification_case')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Saves the member's answers as a draft (one row per criterion; a later answer replaces the
 * earlier). Only while the member holds the case: in draft, or with changes requested.
 */
export async function saveAnswers(
  db: Kysely<Database>,
  caseId: number,
  items: readonly AnswerInput[],
  actor: CaseActor,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    // Answering is allowed exactly where submitting is: the case is the member's to edit.
    const kase = await lockCaseFor(trx, caseId, 'submit');
    const ids = await criterionIds(trx, kase.scheme_version_id);
    for (const item of items) {
      const criterionId = idOf(ids, item.criterion, 'answers');
      const explanation = item.explanation?.trim() || null;
      const obstacle = answerObstacle(item.answer, explanation);
      if (obstacle)
        throw new KeurmerkError(obstacle.code, `Criterion ${item.criterion}: explain the answer.`, {
          criterion: item.criterion,
        });
      await trx
        .insertInto('case_answer')
        .values({
          case_id: caseId,
          criterion_id: criterionId,
          answer: item.answer,
          explanation,
          updated_by: actor.name,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['case_id', 'criterion_id'])
            .doUpdateSet({ answer: item.answer, explanation, updated_by: actor.name, updated_at: now }),
        )
        .execute();
    }
    await moveTo(trx, caseId, {}, now);
  });
}

/** The member hands the case in: every criterion of its version must be answered. */
export async function submitCase(
  db: Kysely<Database>,
  caseId: number,
  actor: CaseActor,
  now: Date,
): Promise<CertificationCase> {
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'submit');
    const ids = await criterionIds(trx, kase.scheme_version_id);
    const answered = await trx
      .selectFrom('case_answer')
      .select('criterion_id')
      .where('case_id', '=', caseId)
      .execute();
    const byId = new Set(answered.map((a) => a.criterion_id));
    const missing = unanswered(
      [...ids.keys()],
      new Set([...ids].filter(([, id]) => byId.has(id)).map(([code]) => code)),
    );
    if (missing.length > 0)
      throw new KeurmerkError('answers_incomplete', undefined, { missing: missing.join(', ') });
    void actor;
    return moveTo(trx, caseId, { stage: kase.to, submitted_at: now, due_at: null }, now);
  });
}

/** Staff take up a submitted case; who did is recorded for the four-eyes rule. */
export async function startReview(
  db: Kysely<Database>,
  caseId: number,
  actor: CaseActor,
  now: Date,
): Promise<CertificationCase> {
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'start_review');
    return moveTo(
      trx,
      caseId,
      { stage: kase.to, reviewed_by: actor.name, reviewed_by_staff_id: actor.staffId, reviewed_at: now },
      now,
    );
  });
}

/**
 * Records the reviewer's verdict per criterion: accepted, or a finding with a severity and a
 * comment. Only while the case is in review (when a decision could follow).
 */
export async function recordReviews(
  db: Kysely<Database>,
  caseId: number,
  items: readonly ReviewInput[],
  actor: CaseActor,
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    // Reviewing is allowed where requesting changes is: the case is in the staff's hands.
    const kase = await lockCaseFor(trx, caseId, 'request_changes');
    const ids = await criterionIds(trx, kase.scheme_version_id);
    for (const item of items) {
      const criterionId = idOf(ids, item.criterion, 'reviews');
      const comment = item.comment?.trim() || null;
      if (item.verdict === 'finding' && (!item.severity || !comment))
        throw new ValidationError(
          'reviews',
          `Criterion ${item.criterion}: a finding needs a severity and a comment.`,
        );
      const row = {
        verdict: item.verdict,
        severity: item.verdict === 'finding' ? item.severity : null,
        comment,
        reviewed_by: actor.name,
        reviewed_by_staff_id: actor.staffId,
        reviewed_at: now,
      };
      await trx
        .insertInto('case_review')
        .values({ case_id: caseId, criterion_id: criterionId, ...row })
        .onConflict((oc) => oc.columns(['case_id', 'criterion_id']).doUpdateSet(row))
        .execute();
    }
    await moveTo(trx, caseId, {}, now);
  });
}

/**
 * Returns the case to the member with a deadline (in the future, within a year). The caller
 * sends the e-mail in the same transaction (the api layer owns the templates).
 */
export async function requestChanges(
  db: Kysely<Database>,
  caseId: number,
  input: { dueAt: Date; actor: CaseActor; now: Date },
): Promise<CertificationCase> {
  const { dueAt, now } = input;
  if (Number.isNaN(dueAt.getTime()) || dueAt <= now || dueAt.getTime() - now.getTime() > MAX_DEADLINE_MS)
    throw new KeurmerkError('deadline_invalid');
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'request_changes');
    return moveTo(trx, caseId, { stage: kase.to, due_at: dueAt }, now);
  });
}

/** The member gives up a draft or a returned case. */
export async function withdrawCase(
  db: Kysely<Database>,
  caseId: number,
  now: Date,
): Promise<CertificationCase> {
  return inTransaction(db, async (trx) => {
    const kase = await lockCaseFor(trx, caseId, 'withdraw');
    return moveTo(trx, caseId, { stage: kase.to }, now);
  });
}

/** Whether the member may still edit answers in a case of this kind and stage. */
export function memberMayEdit(kase: Pick<CertificationCase, 'kind' | 'stage'>): boolean {
  return planCaseMove(kase.kind, kase.stage, 'submit').ok;
}
