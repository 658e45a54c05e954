import type { Input, Operation } from '../admin/perform.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import {
  saveRemediation,
  submitRemediation,
  type CorrectiveAnswer,
} from '../../db/workflow/remediation-answer.ts';
import { text } from '../handlers/admin-input.ts';
import { caseActor } from './case-input.ts';
import { forMember, organisationId, ownCase, target, type MemberCase } from './member-case-ops.ts';

/** `answers: [{criterion, explanation}]`: at most one per criterion, explanations up to 8,000 characters. */
export function correctiveAnswersOf(input: Input): CorrectiveAnswer[] {
  const raw = input['answers'];
  if (!Array.isArray(raw) || raw.length > 100)
    throw new ValidationError('answers', 'answers must be a list of at most 100 items.');
  const seen = new Set<string>();
  return raw.map((item: unknown) => {
    const a = item && typeof item === 'object' && !Array.isArray(item) ? (item as Input) : {};
    const criterion = text(a, 'criterion', 40);
    if (seen.has(criterion)) throw new ValidationError('answers', `Criterion ${criterion} appears twice.`);
    seen.add(criterion);
    const explanation = typeof a['explanation'] === 'string' ? a['explanation'].normalize('NFC') : '';
    return { criterion, explanation };
  });
}

function remediationOp(name: string, submit: boolean) {
  const op: Operation<MemberCase> = {
    name,
    permission: 'organisation.view',
    write: true,
    async run(ctx, input) {
      const detail = await ownCase(ctx, input);
      // Another kind of case answers through its own form: this one is not found here.
      if (detail.case.kind !== 'remediation') throw new KeurmerkError('case_not_found');
      const request = {
        actor: caseActor(ctx.principal),
        organisationId: organisationId(ctx, input),
        answers: correctiveAnswersOf(input),
        now: ctx.deps.now(),
      };
      const db = ctx.deps.database.db;
      await (submit
        ? submitRemediation(db, detail.case.id, request)
        : saveRemediation(db, detail.case.id, request));
      return forMember(await ownCase(ctx, input));
    },
    target,
    detail: (input) => ({ count: Array.isArray(input['answers']) ? input['answers'].length : 0 }),
  };
  return op;
}

/** Keeps the corrective answers as a draft (the remediation stays with the member). */
export const saveRemediationOp = remediationOp('member.remediation.save', false);
/** Hands the corrective answers in: every mandatory finding explained; staff then decide. */
export const submitRemediationOp = remediationOp('member.remediation.submit', true);
