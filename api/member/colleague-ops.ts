import type { Input, Operation, RunContext } from '../admin/perform.ts';
import { KeurmerkError, NotFoundError, ValidationError } from '../../db/errors.ts';
import {
  MEMBER_ROLES,
  handOverOwnership,
  membersOf,
  removeMembership,
  setMemberRole,
} from '../../db/member/memberships.ts';
import { openInvitations } from '../../db/member/tokens.ts';
import { memberEmail } from '../../db/member/users.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import type { LocalisedText } from '../../db/schema/common.ts';
import type { Status } from '../../db/vocabulary.ts';
import { effectiveStatus } from '../../db/certification/lifecycle.ts';
import { memberOf } from './account-ops.ts';
import { invite, type Invitation } from './invite.ts';

/**
 * The organisation an action names (input `organisation`, a slug). `perform` has already checked
 * that the member belongs to it, so it is one of theirs.
 */
function organisationOf(ctx: RunContext, input: Input): number {
  const me = memberOf(ctx);
  const membership = me.memberships.find((m) => m.slug === input['organisation']);
  if (!membership) throw new NotFoundError('organisation', String(input['organisation']));
  return membership.organisationId;
}

function colleagueId(input: Input): number {
  const id = Number(input['member']);
  if (!Number.isSafeInteger(id) || id < 1) throw new ValidationError('member', 'Not a colleague.');
  return id;
}

function role(input: Input): MemberRole {
  const value = input['role'];
  if (typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value))
    return value as MemberRole;
  throw new ValidationError('role', 'Choose owner or editor.');
}

export interface OrganisationOverview {
  id: number;
  slug: string;
  legalName: string;
  city: string;
  certifications: Array<{
    publicId: string;
    scheme: LocalisedText;
    status: Status;
    validUntil: string | null;
  }>;
}

/** The organisation as its members see it: its facts and its certifications, read-only. */
export const organisationOverviewOp: Operation<OrganisationOverview> = {
  name: 'member.organisation.view',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const id = organisationOf(ctx, input);
    const org = await db
      .selectFrom('organisation')
      .select(['id', 'slug', 'legal_name', 'city'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const certifications = await db
      .selectFrom('certification as c')
      .innerJoin('scheme as s', 's.id', 'c.scheme_id')
      .select(['c.public_id', 's.name as scheme', 'c.status', 'c.valid_until'])
      .where('c.organisation_id', '=', id)
      .orderBy('s.slug')
      .orderBy('c.public_id')
      .execute();
    return {
      id: org.id,
      slug: org.slug,
      legalName: org.legal_name,
      city: org.city,
      certifications: certifications.map((c) => ({
        publicId: c.public_id,
        scheme: c.scheme,
        status: effectiveStatus(c, ctx.deps.now()),
        validUntil: c.valid_until ? new Date(c.valid_until).toISOString() : null,
      })),
    };
  },
};

export const listColleaguesOp: Operation<{
  members: Awaited<ReturnType<typeof membersOf>>;
  invitations: Awaited<ReturnType<typeof openInvitations>>;
}> = {
  name: 'member.colleagues.list',
  permission: 'organisation.view',
  write: false,
  async run(ctx, input) {
    const id = organisationOf(ctx, input);
    const db = ctx.deps.database.db;
    return { members: await membersOf(db, id), invitations: await openInvitations(db, id, ctx.deps.now()) };
  },
};

/** An owner invites a colleague (by e-mail, as owner or editor). */
export const inviteColleagueOp: Operation<Invitation> = {
  name: 'member.colleague.invite',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({
    email: typeof input['email'] === 'string' ? input['email'].slice(0, 254) : null,
    role: input['role'],
  }),
  async run(ctx, input) {
    const me = memberOf(ctx);
    return invite(
      ctx.deps.database.db,
      ctx.deps.config.publicUrl,
      {
        slug: String(input['organisation']),
        email: memberEmail(input['email']),
        role: role(input),
        invitedBy: me.name,
        language: me.language,
      },
      ctx.deps.now(),
    );
  },
};

export const changeColleagueRoleOp: Operation<{ member: number; role: MemberRole }> = {
  name: 'member.colleague.role',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ member: input['member'], role: input['role'] }),
  async run(ctx, input) {
    const target = { member: colleagueId(input), role: role(input) };
    await setMemberRole(ctx.deps.database.db, organisationOf(ctx, input), target.member, target.role);
    return target;
  },
};

export const removeColleagueOp: Operation<{ member: number }> = {
  name: 'member.colleague.remove',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ member: input['member'] }),
  async run(ctx, input) {
    const member = colleagueId(input);
    await removeMembership(ctx.deps.database.db, organisationOf(ctx, input), member);
    return { member };
  },
};

/** The owner makes a colleague owner and becomes an editor, in one transaction. */
export const handOverOp: Operation<{ member: number }> = {
  name: 'member.ownership.hand_over',
  permission: 'organisation.manage',
  write: true,
  detail: (input) => ({ member: input['member'] }),
  async run(ctx, input) {
    const member = colleagueId(input);
    if (member === memberOf(ctx).id)
      throw new KeurmerkError('validation_failed', 'Choose a colleague.', { field: 'member' });
    await handOverOwnership(ctx.deps.database.db, organisationOf(ctx, input), memberOf(ctx).id, member);
    return { member };
  },
};
