import type { Input, Operation } from '../admin/perform.ts';
import { caseActor } from '../workflow/case-input.ts';
import type { RemediationFinding } from '../../db/workflow/remediation-open.ts';
import { decideRemediation } from '../../db/workflow/remediation-decide.ts';
import { decideObjection } from '../../db/workflow/objection-decide.ts';
import { staffQueue } from '../../db/workflow/queue.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../../db/errors.ts';
import { positiveInt, text } from './admin-input.ts';

/** `findings: [{criterion, comment}]` of a suspension with remediation (at most 100). */
export function findingsOf(input: Input): RemediationFinding[] {
  const raw = input['findings'];
  if (!Array.isArray(raw) || raw.length > 100)
    throw new ValidationError('findings', 'findings must be a list of {criterion, comment}.');
  return raw.map((item: unknown) => {
    const f = (item && typeof item === 'object' ? item : {}) as Input;
    return { criterion: text(f, 'criterion', 40), comment: text(f, 'comment', 8000) };
  });
}

/** An ISO date or date-time; a bare date means the end of that day in UTC. */
export function deadlineOf(input: Input): Date {
  const raw = input['deadline'];
  const value = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59Z` : raw;
  const date = typeof value === 'string' && value.length <= 40 ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new KeurmerkError('remediation_deadline_invalid');
  return date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The staff queue: open cases, remediations past their deadline first, then oldest first. */
export const caseQueueOp: Operation<{ data: unknown[] }> = {
  name: 'case.queue',
  permission: 'admin.read',
  write: false,
  async run(ctx) {
    const items = await staffQueue(ctx.deps.database.db, ctx.deps.now());
    return {
      data: items.map((q) => ({
        id: q.caseId,
        kind: q.kind,
        stage: q.stage,
        certification: q.publicId,
        organisation: q.organisationSlug,
        openedAt: iso(q.openedAt),
        updatedAt: iso(q.updatedAt),
        dueAt: iso(q.dueAt),
        overdue: q.overdue,
      })),
    };
  },
};

/**
 * Decides a remediation (`reinstated` | `revoked`) or an objection (`upheld` | `rejected`), with
 * reasons. An objection is decided only by someone other than who took the decision objected to.
 */
export const decideCaseOp: Operation<{ id: number; stage: string; outcome: string | null }> = {
  name: 'case.decide',
  permission: 'lifecycle',
  write: true,
  async run(ctx, input) {
    const id = positiveIdOf(input);
    const db = ctx.deps.database.db;
    const kase = await db
      .selectFrom('certification_case')
      .select(['kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!kase) throw new NotFoundError('case', String(id));
    const outcome = text(input, 'outcome', 20);
    const reasons = text(input, 'reasons', 2000);
    const decision = {
      actor: caseActor(ctx.principal),
      reasons,
      now: ctx.deps.now(),
      hooks: ctx.deps.lifecycleHooks,
    };
    if (kase.kind === 'remediation') {
      if (outcome !== 'reinstated' && outcome !== 'revoked')
        throw new KeurmerkError('case_outcome_not_allowed', undefined, { outcome });
      await decideRemediation(db, id, { ...decision, outcome });
    } else if (kase.kind === 'objection') {
      if (outcome !== 'upheld' && outcome !== 'rejected')
        throw new KeurmerkError('case_outcome_not_allowed', undefined, { outcome });
      await decideObjection(db, id, { ...decision, outcome });
    } else {
      throw new KeurmerkError('case_outcome_not_allowed', undefined, { outcome });
    }
    const after = await db
      .selectFrom('certification_case as k')
      .innerJoin('certification as c', 'c.id', 'k.certification_id')
      .select(['k.stage', 'k.outcome', 'c.public_id'])
      .where('k.id', '=', id)
      .executeTakeFirstOrThrow();
    ctx.afterCommit(() => {
      ctx.deps.badges.invalidate(after.public_id);
      ctx.deps.statusLists.invalidate();
    });
    return { id, stage: after.stage, outcome: after.outcome };
  },
  detail: (input) => ({ outcome: input['outcome'] }),
};

function positiveIdOf(input: Input): number {
  try {
    return positiveInt(input, 'id');
  } catch {
    throw new NotFoundError('case', String(input['id']));
  }
}
