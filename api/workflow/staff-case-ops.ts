import type { Input, Operation } from '../admin/perform.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { ASSURANCE_LEVELS } from '../../db/vocabulary.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { caseDetail, openCase, type CaseDetail } from '../../db/workflow/cases.ts';
import { recordReviews, requestChanges, startReview } from '../../db/workflow/moves.ts';
import { grantCase, refuseCase } from '../../db/workflow/decide.ts';
import { oneOf, optionalDate, optionalText, text } from '../handlers/admin-input.ts';
import { publicIdOf } from '../handlers/admin-certifications.ts';
import { registryHost } from '../member/links.ts';
import { caseActor, caseIdOf, reviewsOf } from './case-input.ts';
import type { RunContext } from '../admin/perform.ts';

/** What the staff's case operations answer with: the case as it stands after the step. */
export type CaseAnswer = CaseDetail;

async function detailOf(ctx: RunContext, id: number): Promise<CaseDetail> {
  const detail = await caseDetail(ctx.deps.database.db, id);
  if (!detail) throw new KeurmerkError('case_not_found');
  return detail;
}

const target = (input: Input) => `case:${String(input['id'] ?? input['publicId'] ?? '').slice(0, 40)}`;

/** One staff step on a case, under the lifecycle permission, answering with the case after it. */
function staffStep(
  name: string,
  step: (ctx: RunContext, input: Input, id: number) => Promise<unknown>,
  detail: (input: Input) => Record<string, unknown> = () => ({}),
): Operation<CaseAnswer> {
  return {
    name,
    permission: 'lifecycle',
    write: true,
    async run(ctx, input) {
      const id = caseIdOf(input);
      await step(ctx, input, id);
      return detailOf(ctx, id);
    },
    target,
    detail,
  };
}

/** A case with its criteria, answers and reviews (staff read it whole; evidence only as counts). */
export const getCaseOp: Operation<CaseAnswer> = {
  name: 'case.view',
  permission: 'admin.read',
  write: false,
  run: (ctx, input) => detailOf(ctx, caseIdOf(input)),
  target,
};

/** Staff open an application (pending) or a renewal (active) case for a certification. */
export const openCaseOp: Operation<CaseAnswer> = {
  name: 'case.open',
  permission: 'lifecycle',
  write: true,
  async run(ctx, input) {
    const publicId = publicIdOf(input);
    const db = ctx.deps.database.db;
    const cert = await db
      .selectFrom('certification')
      .select(['id'])
      .where('public_id', '=', publicId)
      .executeTakeFirst();
    if (!cert) throw new NotFoundError('certification', publicId);
    const kind = oneOf(input, 'kind', ['application', 'renewal'] as const);
    const kase = await openCase(db, {
      certificationId: cert.id,
      kind,
      actor: caseActor(ctx.principal),
      now: ctx.deps.now(),
    });
    return detailOf(ctx, kase.id);
  },
  detail: (input) => ({ kind: input['kind'] }),
};

export const startReviewOp = staffStep('case.start_review', (ctx, _input, id) =>
  startReview(ctx.deps.database.db, id, caseActor(ctx.principal), ctx.deps.now()),
);

export const recordReviewsOp = staffStep(
  'case.review',
  (ctx, input, id) =>
    recordReviews(ctx.deps.database.db, id, reviewsOf(input), caseActor(ctx.principal), ctx.deps.now()),
  (input) => ({ count: Array.isArray(input['reviews']) ? input['reviews'].length : 0 }),
);

/**
 * Returns the case to the organisation with a deadline, and e-mails every member of it in their
 * language, in the same transaction (the messages exist exactly when the step does).
 */
export const requestChangesOp = staffStep(
  'case.request_changes',
  async (ctx, input, id) => {
    const dueAt = optionalDate(input, 'dueAt');
    if (!dueAt) throw new KeurmerkError('deadline_invalid');
    const db = ctx.deps.database.db;
    const now = ctx.deps.now();
    await requestChanges(db, id, { dueAt, actor: caseActor(ctx.principal), now });
    const detail = await detailOf(ctx, id);
    const members = await db
      .selectFrom('organisation_member as m')
      .innerJoin('member_user as u', 'u.id', 'm.member_user_id')
      .select(['u.email', 'u.name', 'u.language'])
      .where('m.organisation_id', '=', detail.certification.organisationId)
      .execute();
    for (const member of members)
      await enqueueMail(
        db,
        {
          to: member.email,
          language: member.language,
          template: 'case_changes_requested',
          params: {
            name: member.name,
            organisation: detail.organisation.legalName,
            slug: detail.organisation.slug,
            scheme: detail.scheme.name[member.language] ?? detail.scheme.name.en,
            caseId: id,
            dueAt: dueAt.toISOString(),
          },
        },
        registryHost(ctx.deps.config.publicUrl),
        now,
      );
  },
  (input) => ({ dueAt: input['dueAt'] }),
);

function afterCertificationChange(ctx: RunContext, publicId: string) {
  ctx.afterCommit(() => {
    ctx.deps.badges.invalidate(publicId);
    ctx.deps.statusLists.invalidate();
  });
}

/** Grants the case at an assurance level the scheme version allows (four eyes for reviewed and audited). */
export const grantCaseOp = staffStep(
  'case.grant',
  async (ctx, input, id) => {
    const level = oneOf(input, 'assuranceLevel', ASSURANCE_LEVELS);
    const reason = optionalText(input, 'reason', 2000);
    const { certification } = await grantCase(ctx.deps.database.db, id, {
      level,
      ...(reason ? { reason } : {}),
      actor: caseActor(ctx.principal),
      now: ctx.deps.now(),
      hooks: ctx.deps.lifecycleHooks,
    });
    afterCertificationChange(ctx, certification.public_id);
  },
  (input) => ({ assuranceLevel: input['assuranceLevel'] }),
);

/** Refuses the case with reasons (an application becomes refused: final and private). */
export const refuseCaseOp = staffStep(
  'case.refuse',
  async (ctx, input, id) => {
    await refuseCase(ctx.deps.database.db, id, {
      reasons: text(input, 'reasons', 2000),
      actor: caseActor(ctx.principal),
      now: ctx.deps.now(),
      hooks: ctx.deps.lifecycleHooks,
    });
  },
  (input) => ({ reasons: input['reasons'] }),
);
