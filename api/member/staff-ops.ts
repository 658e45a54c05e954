import type { Operation } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { ValidationError } from '../../db/errors.ts';
import { MEMBER_ROLES, membersOf } from '../../db/member/memberships.ts';
import { openInvitations } from '../../db/member/tokens.ts';
import { memberEmail, memberLanguage } from '../../db/member/users.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import { NotFoundError } from '../../db/errors.ts';
import { invite, type Invitation } from './invite.ts';

/**
 * Staff invite a person into an organisation, usually its first owner (admin page, admin API and
 * `npm run admin -- invite-member`). The role defaults to owner; the mail's language to Dutch.
 */
export const inviteMemberOp: Operation<Invitation> = {
  name: 'member.invite',
  permission: 'registry.write',
  write: true,
  target: (input) => (typeof input['slug'] === 'string' ? input['slug'].slice(0, 200) : null),
  detail: (input) => ({
    email: typeof input['email'] === 'string' ? input['email'].slice(0, 254) : null,
    role: input['role'] ?? 'owner',
  }),
  async run(ctx, input) {
    const slug = typeof input['slug'] === 'string' ? input['slug'] : '';
    if (!/^[a-z0-9-]{1,200}$/.test(slug)) throw new ValidationError('slug', 'Not an organisation slug.');
    const role = (input['role'] ?? 'owner') as MemberRole;
    if (!MEMBER_ROLES.includes(role)) throw new ValidationError('role', 'Choose owner or editor.');
    return invite(
      ctx.deps.database.db,
      ctx.deps.config.publicUrl,
      {
        slug,
        email: memberEmail(input['email']),
        role,
        invitedBy: actorName(ctx.principal),
        language: memberLanguage(input['language'] ?? 'nl'),
      },
      ctx.deps.now(),
    );
  },
};

/** The members and open invitations of an organisation, for staff. */
export const listMembersOp: Operation<{
  members: Array<{ id: number; email: string; name: string; role: MemberRole; since: string }>;
  invitations: Array<{ email: string; role: MemberRole | null; expiresAt: string }>;
}> = {
  name: 'member.list',
  permission: 'admin.read',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const org = await db
      .selectFrom('organisation')
      .select('id')
      .where('slug', '=', String(input['slug'] ?? ''))
      .executeTakeFirst();
    if (!org) throw new NotFoundError('organisation', String(input['slug'] ?? ''));
    const members = await membersOf(db, org.id);
    const invitations = await openInvitations(db, org.id, ctx.deps.now());
    return {
      members: members.map((m) => ({
        id: m.id,
        email: m.email,
        name: m.name,
        role: m.role,
        since: m.created_at.toISOString(),
      })),
      invitations: invitations.map((i) => ({
        email: i.email,
        role: i.role,
        expiresAt: i.expires_at.toISOString(),
      })),
    };
  },
};
