import type { Deps } from '../app/deps.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { consumeToken, findUsableToken } from '../../db/member/tokens.ts';
import { insertMemberSession } from '../../db/member/sessions.ts';
import { addMembership } from '../../db/member/memberships.ts';
import {
  changeMemberEmail,
  findOrCreateMember,
  memberByEmail,
  memberById,
  memberName,
} from '../../db/member/users.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import type { MemberTokenPurpose } from '../../db/schema/member-token.table.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import type { Language } from '../../db/vocabulary.ts';
import { looksLikeSecret, newSecret, secretHash } from '../auth/secrets.ts';
import { audit, type RequestOrigin } from '../admin/audit.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import { registryHost } from './links.ts';

const PURPOSES: readonly MemberTokenPurpose[] = ['sign_in', 'invitation', 'email_change'];

export type LinkView =
  | { state: 'unusable' }
  | {
      state: 'usable';
      purpose: MemberTokenPurpose;
      email: string;
      /** Invitations: where to, as what, from whom; and whether the person must give a name. */
      organisation: string | null;
      role: MemberRole | null;
      invitedBy: string | null;
      needsName: boolean;
    };

async function lookup(deps: Deps, token: string) {
  if (!looksLikeSecret(token, 'kml')) return null;
  const hash = secretHash(token);
  for (const purpose of PURPOSES) {
    const found = await findUsableToken(deps.database.db, hash, purpose, deps.now());
    if (found.state === 'valid') return found.token;
  }
  return null;
}

/** What a link would do, for its page; reading changes nothing. */
export async function describeLink(deps: Deps, token: string): Promise<LinkView> {
  const row = await lookup(deps, token);
  // A sign-in link for an address without an account signs no one in.
  if (!row || (row.purpose === 'sign_in' && row.member_user_id === null)) return { state: 'unusable' };
  const org = row.organisation_id
    ? await deps.database.db
        .selectFrom('organisation')
        .select('legal_name')
        .where('id', '=', row.organisation_id)
        .executeTakeFirst()
    : undefined;
  const known = row.purpose === 'invitation' ? await memberByEmail(deps.database.db, row.email) : undefined;
  return {
    state: 'usable',
    purpose: row.purpose,
    email: row.email,
    organisation: org?.legal_name ?? null,
    role: row.role,
    invitedBy: row.invited_by,
    needsName: row.purpose === 'invitation' && !known,
  };
}

export interface UsedLink {
  purpose: MemberTokenPurpose;
  /** The new session's token, for the cookie: every link ends signed in. */
  sessionToken: string;
  organisation: string | null;
  /** The person's preferred language, for where they land. */
  language: Language;
}

const invalid = () => new KeurmerkError('member_link_invalid');

/**
 * Uses a link once, in one transaction with what it does: signs in, joins the organisation (making
 * the account of a new person), or moves the account to its new address (telling the old one).
 * Expired, used or unknown links are refused with `member_link_invalid` and change nothing.
 */
export async function useLink(
  deps: Deps,
  token: string,
  form: { name?: unknown; language: Language },
  origin: RequestOrigin,
): Promise<UsedLink> {
  if (!looksLikeSecret(token, 'kml')) throw invalid();
  const hash = secretHash(token);
  const now = deps.now();
  return inTransaction(deps.database.db, async (trx) => {
    let row = null;
    for (const purpose of PURPOSES) row ??= await consumeToken(trx, hash, purpose, now);
    if (!row) throw invalid();
    let memberId = row.member_user_id;
    let organisation: string | null = null;
    if (row.purpose === 'sign_in' && memberId === null) throw invalid();
    if (row.purpose === 'invitation') {
      const known = await memberByEmail(trx, row.email);
      const person =
        known ??
        (await findOrCreateMember(
          trx,
          { email: row.email, name: memberName(form.name), language: form.language },
          now,
        ));
      memberId = person.id;
      await addMembership(trx, row.organisation_id!, person.id, row.role!, now);
      const org = await trx
        .selectFrom('organisation')
        .select('slug')
        .where('id', '=', row.organisation_id!)
        .executeTakeFirstOrThrow();
      organisation = org.slug;
    }
    const member = await memberById(trx, memberId!);
    if (!member) throw invalid();
    if (row.purpose === 'email_change') {
      const oldEmail = member.email;
      await changeMemberEmail(trx, member.id, row.email);
      await enqueueMail(
        trx,
        {
          to: oldEmail,
          language: member.language,
          template: 'member_email_changed',
          params: { name: member.name, newEmail: row.email },
        },
        registryHost(deps.config.publicUrl),
        now,
      );
    }
    const sessionToken = newSecret('kmm');
    await insertMemberSession(
      trx,
      secretHash(sessionToken),
      member.id,
      row.purpose === 'sign_in' ? 'email_link' : row.purpose === 'invitation' ? 'invitation' : 'email_link',
      now,
    );
    const actor: MemberPrincipal = {
      kind: 'member',
      id: member.id,
      email: row.purpose === 'email_change' ? row.email : member.email,
      name: member.name,
      language: member.language,
      sessionHash: secretHash(sessionToken),
      memberships: [],
    };
    const action =
      row.purpose === 'sign_in'
        ? 'member.sign_in'
        : row.purpose === 'invitation'
          ? 'member.invitation.accept'
          : 'member.email.confirm';
    await audit(trx, origin, {
      principal: actor,
      action,
      target: organisation ?? row.email,
      outcome: 'success',
      detail: row.purpose === 'invitation' ? { role: row.role, invitedBy: row.invited_by } : {},
      now,
    });
    return { purpose: row.purpose, sessionToken, organisation, language: member.language };
  });
}
