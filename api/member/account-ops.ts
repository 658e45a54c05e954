import type { ActionContext, Input, Operation } from '../admin/perform.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import { ForbiddenError } from '../auth/errors.ts';
import { KeurmerkError } from '../../db/errors.ts';
import {
  memberByEmail,
  memberEmail,
  memberLanguage,
  memberName,
  updateMemberProfile,
} from '../../db/member/users.ts';
import { recentTokenCounts, storeToken } from '../../db/member/tokens.ts';
import { revokeMemberSession, revokeMemberSessions } from '../../db/member/sessions.ts';
import { deleteMember, membershipsOf, type Membership } from '../../db/member/memberships.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { secretHash } from '../auth/secrets.ts';
import { linkUrl, newLinkToken, registryHost } from './links.ts';
import { memberDataExport, type MemberDataExport } from './export.ts';

/** The signed-in member; `member.self` is only ever granted to one. */
export function memberOf(ctx: ActionContext): MemberPrincipal {
  if (ctx.principal.kind !== 'member') throw new ForbiddenError('member.self');
  return ctx.principal;
}

/** Changes of address one person may ask for per hour (each sends a mail to a new address). */
export const EMAIL_CHANGES_PER_HOUR = 3;

export const updateProfileOp: Operation<{ name: string; language: string }> = {
  name: 'member.profile.update',
  permission: 'member.self',
  write: true,
  target: () => null,
  async run(ctx, input) {
    const me = memberOf(ctx);
    const profile = { name: memberName(input['name']), language: memberLanguage(input['language']) };
    await updateMemberProfile(ctx.deps.database.db, me.id, profile);
    return profile;
  },
};

/**
 * Asks to move the account to a new address: a link (24 hours) goes to the new address, and only
 * following it changes anything; the old address is told once it has.
 */
export const requestEmailChangeOp: Operation<{ email: string }> = {
  name: 'member.email.request',
  permission: 'member.self',
  write: true,
  target: () => null,
  detail: (input) => ({ to: typeof input['email'] === 'string' ? input['email'].slice(0, 254) : null }),
  async run(ctx, input) {
    const me = memberOf(ctx);
    const db = ctx.deps.database.db;
    const now = ctx.deps.now();
    const email = memberEmail(input['email']);
    if (email === me.email)
      throw new KeurmerkError('validation_failed', 'That is your address already.', { field: 'email' });
    const other = await memberByEmail(db, email);
    if (other) throw new KeurmerkError('email_taken');
    const recent = await db
      .selectFrom('member_token')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('purpose', '=', 'email_change')
      .where('member_user_id', '=', me.id)
      .where('created_at', '>', new Date(now.getTime() - 3_600_000))
      .executeTakeFirstOrThrow();
    const toAddress = await recentTokenCounts(
      db,
      'email_change',
      { email, clientNetwork: null },
      new Date(now.getTime() - 3_600_000),
    );
    if (Number(recent.n) >= EMAIL_CHANGES_PER_HOUR || toAddress.email >= EMAIL_CHANGES_PER_HOUR)
      throw new KeurmerkError('rate_limited', 'Too many address changes asked for; try again in an hour.', {
        retryAfter: 3600,
      });
    const token = newLinkToken();
    await storeToken(
      db,
      { token_hash: secretHash(token), purpose: 'email_change', email, member_user_id: me.id },
      now,
    );
    await enqueueMail(
      db,
      {
        to: email,
        language: me.language,
        template: 'member_email_change',
        params: { name: me.name, oldEmail: me.email },
        secretParams: { link: linkUrl(ctx.deps.config.publicUrl, me.language, token) },
      },
      registryHost(ctx.deps.config.publicUrl),
      now,
    );
    return { email };
  },
};

export const signOutMemberOp: Operation<{ signedOut: true }> = {
  name: 'member.sign_out',
  permission: 'member.self',
  write: true,
  target: () => null,
  async run(ctx) {
    await revokeMemberSession(ctx.deps.database.db, memberOf(ctx).sessionHash, ctx.deps.now());
    return { signedOut: true };
  },
};

/** Ends every session of the person, this one included. */
export const signOutEverywhereOp: Operation<{ ended: number }> = {
  name: 'member.sign_out_everywhere',
  permission: 'member.self',
  write: true,
  target: () => null,
  detail: (_input, result) => (result ? { ended: result.ended } : {}),
  async run(ctx) {
    return { ended: await revokeMemberSessions(ctx.deps.database.db, memberOf(ctx).id, ctx.deps.now()) };
  },
};

/** Everything the registry holds about the person; recorded, as a disclosure of personal data. */
export const exportDataOp: Operation<MemberDataExport> = {
  name: 'member.data.export',
  permission: 'member.self',
  write: true,
  target: () => null,
  run: (ctx) => memberDataExport(ctx.deps.database.db, memberOf(ctx).id, ctx.deps.now()),
};

/**
 * Deletes the account and its memberships; refused (`last_owner`) while the person is the last
 * owner of an organisation that has other members. The audit records stay (the chain needs them).
 */
export const deleteAccountOp: Operation<{ deleted: true }> = {
  name: 'member.delete',
  permission: 'member.self',
  write: true,
  target: () => null,
  async run(ctx, input: Input) {
    const me = memberOf(ctx);
    if (input['confirm'] !== me.email)
      throw new KeurmerkError('validation_failed', 'Type your e-mail address to confirm.', {
        field: 'confirm',
      });
    await deleteMember(ctx.deps.database.db, me.id);
    return { deleted: true };
  },
};

/** The organisations the person belongs to, with their role in each. */
export const myOrganisationsOp: Operation<Membership[]> = {
  name: 'member.organisations',
  permission: 'member.self',
  write: false,
  run: (ctx) => membershipsOf(ctx.deps.database.db, memberOf(ctx).id),
};
