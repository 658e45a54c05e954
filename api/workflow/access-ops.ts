import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { memberOf } from '../member/account-ops.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../../db/errors.ts';
import { MEMBER_ROLES, addMembership } from '../../db/member/memberships.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import { organisationOrThrow } from '../../db/organisation/edit.ts';
import {
  decideAccessRequest,
  pendingAccessRequests,
  type AccessRequest,
} from '../../db/workflow/applications.ts';
import { openApplication } from './open-application.ts';

/** The organisation an action names: a member's own (checked by perform), or any for staff. */
async function organisationId(ctx: RunContext, input: Input): Promise<number> {
  if (ctx.principal.kind === 'member') {
    const membership = memberOf(ctx).memberships.find((m) => m.slug === input['organisation']);
    if (!membership) throw new NotFoundError('organisation', String(input['organisation'] ?? ''));
    return membership.organisationId;
  }
  return (await organisationOrThrow(ctx.deps.database.db, String(input['slug'] ?? ''))).id;
}

function requestId(input: Input): number {
  const id = Number(input['request']);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new NotFoundError('access request', String(input['request'] ?? ''));
  return id;
}

function decision(input: Input): 'grant' | 'decline' {
  const value = input['decision'];
  if (value === 'grant' || value === 'decline') return value;
  throw new ValidationError('decision', 'Choose grant or decline.');
}

function role(input: Input): MemberRole {
  const value = input['role'] ?? 'editor';
  if (typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value))
    return value as MemberRole;
  throw new ValidationError('role', 'Choose owner or editor.');
}

export interface AccessDecision {
  request: number;
  decision: 'grant' | 'decline';
  role: MemberRole | null;
  /** The application opened for the applicant on a grant (none when one was already open). */
  application: { publicId: string; caseId: number } | null;
}

function listOp(name: string, permission: 'organisation.manage' | 'admin.read'): Operation<AccessRequest[]> {
  return {
    name,
    permission,
    write: false,
    async run(ctx, input) {
      return pendingAccessRequests(ctx.deps.database.db, await organisationId(ctx, input));
    },
  };
}

/**
 * Grants or declines a waiting applicant's access, once. A grant makes them a member (editor
 * unless an owner is chosen) and opens their application for the scheme they applied for, when
 * the organisation holds no certification of it yet.
 */
function decideOp(
  name: string,
  permission: 'organisation.manage' | 'registry.write',
): Operation<AccessDecision> {
  return {
    name,
    permission,
    write: true,
    target: (input) => `access-request:${String(input['request'] ?? '').slice(0, 40)}`,
    detail: (input) => ({ decision: input['decision'], role: input['role'] ?? 'editor' }),
    async run(ctx, input) {
      const db = ctx.deps.database.db;
      const orgId = await organisationId(ctx, input);
      const chosen = decision(input);
      const memberRole = chosen === 'grant' ? role(input) : null;
      const now = ctx.deps.now();
      const actor = actorName(ctx.principal);
      const row = await decideAccessRequest(
        db,
        orgId,
        requestId(input),
        chosen === 'grant' ? 'granted' : 'declined',
        actor,
        now,
      );
      if (!row) throw new KeurmerkError('access_request_closed');
      let application = null;
      if (memberRole && row.member_user_id !== null) {
        const already = await db
          .selectFrom('organisation_member')
          .select('role')
          .where('organisation_id', '=', orgId)
          .where('member_user_id', '=', row.member_user_id)
          .executeTakeFirst();
        if (!already) await addMembership(db, orgId, row.member_user_id, memberRole, now);
        application = await openApplication(db, ctx.deps, {
          organisationId: orgId,
          schemeId: row.scheme_id,
          actor,
          now,
        });
      }
      return { request: row.id, decision: chosen, role: memberRole, application };
    },
  };
}

export const memberAccessRequestsOp = listOp('member.access.list', 'organisation.manage');
export const memberDecideAccessOp = decideOp('member.access.decide', 'organisation.manage');
export const staffAccessRequestsOp = listOp('organisation.access.list', 'admin.read');
export const staffDecideAccessOp = decideOp('organisation.access.decide', 'registry.write');
