import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { applyTransition, type ChangeHook } from '../../db/certification/transitions.ts';
import { ASSESSMENT_RESULTS, ASSURANCE_LEVELS, LIFECYCLE_ACTIONS, type Action } from '../../db/vocabulary.ts';
import { adminCertification } from '../../db/certification/admin-list.ts';
import {
  recordAssessments,
  requireCompleteAssessment,
  settleAssessmentBasis,
  type AssessmentInput,
} from '../../db/certification/assessments.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../../db/errors.ts';
import { oneOf, optionalOneOf, optionalText, reason, text } from './admin-input.ts';
import { certificationJson, publicIdOf } from './admin-certifications.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { requireAllowedLevel } from '../../db/workflow/levels.ts';
import { suspendWithRemediation } from '../../db/workflow/remediation-open.ts';
import { deadlineOf, findingsOf } from './admin-cases.ts';
import { caseActor } from '../workflow/case-input.ts';

/** `assessments: [{criterion, result, note?}]`, at most one per criterion. */
export function assessmentsOf(input: Input): AssessmentInput[] {
  const raw = input['assessments'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 100)
    throw new ValidationError('assessments', 'assessments must be a list of {criterion, result, note}.');
  const seen = new Set<string>();
  return raw.map((item: unknown) => {
    const a = (item && typeof item === 'object' ? item : {}) as Input;
    const criterion = text(a, 'criterion', 40);
    if (seen.has(criterion))
      throw new ValidationError('assessments', `Criterion ${criterion} is assessed twice.`);
    seen.add(criterion);
    return { criterion, result: oneOf(a, 'result', ASSESSMENT_RESULTS), note: optionalText(a, 'note', 2000) };
  });
}

type CertificationAnswer = ReturnType<typeof certificationJson>;

/**
 * A change to one certification, under the lifecycle permission, that answers with the
 * certification as it stands after the change.
 */
function certificationChange(
  name: string,
  change: (ctx: RunContext, input: Input, publicId: string) => Promise<void>,
  detail: (input: Input) => Record<string, unknown>,
): Operation<CertificationAnswer> {
  return {
    name,
    permission: 'lifecycle',
    write: true,
    async run(ctx, input) {
      const publicId = publicIdOf(input);
      await change(ctx, input, publicId);
      return certificationJson(await adminCertification(ctx.deps.database.db, publicId, ctx.deps.now()));
    },
    detail,
  };
}

/** Records assessments of an application; once granted, results change only with a renewal. */
export const assessOp = certificationChange(
  'certification.assess',
  async (ctx, input, publicId) => {
    const items = assessmentsOf(input);
    if (items.length === 0) throw new ValidationError('assessments', 'Give at least one assessment.');
    await inTransaction(ctx.deps.database.db, async (trx) => {
      const cert = await trx
        .selectFrom('certification')
        .innerJoin('scheme', 'scheme.id', 'certification.scheme_id')
        .select([
          'certification.id',
          'certification.status',
          'certification.assurance_level',
          'scheme.current_version_id',
        ])
        .where('public_id', '=', publicId)
        .forUpdate('certification')
        .executeTakeFirst();
      if (!cert) throw new NotFoundError('certification', publicId);
      if (cert.status !== 'pending')
        throw new KeurmerkError(
          'not_pending',
          'Assessments of a granted certification change with its renewal (send them with the renew action).',
        );
      // An application is assessed against the scheme as it is now, even if it was opened
      // under an earlier version.
      const versionId = cert.current_version_id!;
      await trx
        .updateTable('certification')
        .set({ scheme_version_id: versionId })
        .where('id', '=', cert.id)
        .execute();
      // Provisional: the grant settles what every result of the application rests on.
      const basis = cert.assurance_level;
      await recordAssessments(
        trx,
        cert.id,
        versionId,
        items,
        actorName(ctx.principal),
        ctx.deps.now(),
        basis,
      );
    });
  },
  (input) => ({ count: Array.isArray(input['assessments']) ? input['assessments'].length : 0 }),
);

/**
 * A lifecycle action in one transaction: optional assessments and assurance level (grant and
 * renew only) are written first, the assessment must then be complete, and the credential hooks
 * issue or revoke in the same transaction (the operation's, with its audit record). This
 * instance's badge and status-list caches are dropped after the commit and before the answer, so
 * the change is visible the moment the call returns.
 */
function lifecycleOp(action: Action): Operation<CertificationAnswer> {
  const startsPeriod = action === 'grant' || action === 'renew';
  return certificationChange(
    `certification.${action}`,
    async (ctx, input, publicId) => {
      const why = reason(input);
      const level = optionalOneOf(input, 'assuranceLevel', ASSURANCE_LEVELS);
      const items = assessmentsOf(input);
      if (!startsPeriod && (level || items.length > 0))
        throw new ValidationError(
          'assuranceLevel',
          `Assurance level and assessments go with grant or renew, not ${action}.`,
        );
      const now = ctx.deps.now();
      const actor = actorName(ctx.principal);
      const prepare: ChangeHook = async (trx, change) => {
        if (!startsPeriod) return;
        // Every grant checks the level against the version it rests on (issue 17 left it open).
        const basis = level ?? change.after.assurance_level;
        await requireAllowedLevel(trx, change.after.scheme_version_id, basis);
        if (level)
          await trx
            .updateTable('certification')
            .set({ assurance_level: level })
            .where('id', '=', change.after.id)
            .execute();
        // A renewal re-bases only the results it re-assesses; the others keep what they rested on.
        await recordAssessments(
          trx,
          change.after.id,
          change.after.scheme_version_id,
          items,
          actor,
          now,
          basis,
        );
        if (action === 'grant') await settleAssessmentBasis(trx, change.after.id, basis);
        await requireCompleteAssessment(trx, change.after.id, change.after.scheme_version_id);
      };
      const remediation =
        action === 'suspend' && (input['findings'] !== undefined || input['deadline'] !== undefined);
      if (remediation)
        // Issue 18: a suspension with findings and a deadline opens its remediation case with it.
        await suspendWithRemediation(ctx.deps.database.db, publicId, {
          actor: caseActor(ctx.principal),
          reason: why,
          findings: findingsOf(input),
          deadline: deadlineOf(input),
          now,
          hooks: ctx.deps.lifecycleHooks,
        });
      else
        await applyTransition(ctx.deps.database.db, publicId, action, {
          actor,
          reason: why,
          now,
          hooks: [prepare, ...ctx.deps.lifecycleHooks],
        });
      // After the commit, so that no badge rendered from the old state can be cached after it.
      ctx.afterCommit(() => {
        ctx.deps.badges.invalidate(publicId);
        ctx.deps.statusLists.invalidate();
      });
    },
    (input) => ({
      reason: input['reason'],
      assuranceLevel: input['assuranceLevel'],
      ...(input['deadline'] !== undefined ? { deadline: input['deadline'] } : {}),
    }),
  );
}

export const lifecycleOps: Readonly<Record<Action, Operation<CertificationAnswer>>> = Object.fromEntries(
  LIFECYCLE_ACTIONS.map((a) => [a, lifecycleOp(a)]),
) as Record<Action, Operation<CertificationAnswer>>;
