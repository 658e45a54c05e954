import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { caseDetail, casesOfOrganisation, openCase, type CaseDetail } from '../../db/workflow/cases.ts';
import { saveAnswers, submitCase } from '../../db/workflow/moves.ts';
import { text } from '../handlers/admin-input.ts';
import { memberOf } from '../member/account-ops.ts';
import { answersOf, caseActor, caseIdOf } from './case-input.ts';

/** The organisation the action names; `perform` has checked the member belongs to it. */
export function organisationId(ctx: RunContext, input: Input): number {
  const membership = memberOf(ctx).memberships.find((m) => m.slug === input['organisation']);
  if (!membership) throw new NotFoundError('organisation', String(input['organisation']));
  return membership.organisationId;
}

/** The case, when it belongs to the organisation named; another organisation's case is unknown (404). */
export async function ownCase(ctx: RunContext, input: Input): Promise<CaseDetail> {
  const detail = await caseDetail(ctx.deps.database.db, caseIdOf(input));
  if (!detail || detail.certification.organisationId !== organisationId(ctx, input))
    throw new KeurmerkError('case_not_found');
  return detail;
}

export const target = (input: Input) => `case:${String(input['id'] ?? '').slice(0, 40)}`;

/**
 * What the member sees of a case: everything but the reviewers' identities. Findings and their
 * comments are the member's to read (that is how they know what to fix).
 */
export type MemberCase = Omit<CaseDetail, 'case'> & {
  case: Omit<
    CaseDetail['case'],
    | 'reviewed_by'
    | 'reviewed_by_staff_id'
    | 'decided_by'
    | 'decided_by_staff_id'
    | 'objected_decision_staff_id'
  >;
};

export function forMember(detail: CaseDetail): MemberCase {
  const {
    reviewed_by,
    reviewed_by_staff_id,
    decided_by,
    decided_by_staff_id,
    objected_decision_staff_id,
    ...kase
  } = detail.case;
  void [reviewed_by, reviewed_by_staff_id, decided_by, decided_by_staff_id, objected_decision_staff_id];
  return { ...detail, case: kase };
}

export const memberCaseOp: Operation<MemberCase> = {
  name: 'member.case.view',
  permission: 'organisation.view',
  write: false,
  run: async (ctx, input) => forMember(await ownCase(ctx, input)),
  target,
};

export const memberCasesOp: Operation<Awaited<ReturnType<typeof casesOfOrganisation>>> = {
  name: 'member.case.list',
  permission: 'organisation.view',
  write: false,
  run: (ctx, input) => casesOfOrganisation(ctx.deps.database.db, organisationId(ctx, input)),
};

/** A member opens the application of a pending certification (or the renewal of an active one). */
export const openMemberCaseOp: Operation<MemberCase> = {
  name: 'member.case.open',
  permission: 'organisation.view',
  write: true,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const publicId = text(input, 'publicId', 40);
    const cert = await db
      .selectFrom('certification')
      .select(['id', 'status'])
      .where('public_id', '=', publicId)
      .where('organisation_id', '=', organisationId(ctx, input))
      .executeTakeFirst();
    if (!cert) throw new NotFoundError('certification', publicId);
    const kase = await openCase(db, {
      certificationId: cert.id,
      kind: cert.status === 'pending' ? 'application' : 'renewal',
      actor: caseActor(ctx.principal),
      now: ctx.deps.now(),
    });
    return forMember(await ownCase(ctx, { ...input, id: kase.id }));
  },
  target: (input) => String(input['publicId'] ?? '').slice(0, 40),
};

/** Saves answers as a draft; the case stays the member's until submitted. */
export const saveAnswersOp: Operation<MemberCase> = {
  name: 'member.case.answer',
  permission: 'organisation.view',
  write: true,
  async run(ctx, input) {
    const detail = await ownCase(ctx, input);
    await saveAnswers(
      ctx.deps.database.db,
      detail.case.id,
      answersOf(input),
      caseActor(ctx.principal),
      ctx.deps.now(),
    );
    return forMember(await ownCase(ctx, input));
  },
  target,
  detail: (input) => ({ count: Array.isArray(input['answers']) ? input['answers'].length : 0 }),
};

/** Hands the case in for review once every criterion is answered. */
export const submitCaseOp: Operation<MemberCase> = {
  name: 'member.case.submit',
  permission: 'organisation.view',
  write: true,
  async run(ctx, input) {
    const detail = await ownCase(ctx, input);
    await submitCase(ctx.deps.database.db, detail.case.id, caseActor(ctx.principal), ctx.deps.now());
    return forMember(await ownCase(ctx, input));
  },
  target,
};
