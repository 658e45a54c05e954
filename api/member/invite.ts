import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { memberByEmail } from '../../db/member/users.ts';
import { storeToken } from '../../db/member/tokens.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import type { Language } from '../../db/vocabulary.ts';
import { secretHash } from '../auth/secrets.ts';
import { linkUrl, newLinkToken, registryHost } from './links.ts';

/** Invitations one organisation may send per day; more wait until tomorrow. */
export const INVITATIONS_PER_DAY = 20;

export interface Invitation {
  organisation: string;
  email: string;
  role: MemberRole;
  expiresAt: string;
}

/**
 * Invites a person into an organisation: a one-time link (7 days, only its hash stored) and the
 * message carrying it, written in the caller's transaction so both exist or neither does.
 * `language` is used for a person the registry does not know yet; a known person gets their own.
 */
export async function invite(
  db: Kysely<Database>,
  publicUrl: string,
  invitation: { slug: string; email: string; role: MemberRole; invitedBy: string; language: Language },
  now: Date,
): Promise<Invitation> {
  const org = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'legal_name'])
    .where('slug', '=', invitation.slug)
    .executeTakeFirst();
  if (!org) throw new NotFoundError('organisation', invitation.slug);
  const known = await memberByEmail(db, invitation.email);
  if (known) {
    const member = await db
      .selectFrom('organisation_member')
      .select('role')
      .where('organisation_id', '=', org.id)
      .where('member_user_id', '=', known.id)
      .executeTakeFirst();
    if (member) throw new KeurmerkError('already_member');
  }
  const sent = await db
    .selectFrom('member_token')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('purpose', '=', 'invitation')
    .where('organisation_id', '=', org.id)
    .where('created_at', '>', new Date(now.getTime() - 86_400_000))
    .executeTakeFirstOrThrow();
  if (Number(sent.n) >= INVITATIONS_PER_DAY)
    throw new KeurmerkError(
      'rate_limited',
      `At most ${INVITATIONS_PER_DAY} invitations per organisation per day.`,
      {
        retryAfter: 3600,
      },
    );
  const token = newLinkToken();
  const language = known?.language ?? invitation.language;
  const expiresAt = await storeToken(
    db,
    {
      token_hash: secretHash(token),
      purpose: 'invitation',
      email: invitation.email,
      member_user_id: known?.id ?? null,
      organisation_id: org.id,
      role: invitation.role,
      invited_by: invitation.invitedBy,
    },
    now,
  );
  await enqueueMail(
    db,
    {
      to: invitation.email,
      language,
      template: 'member_invitation',
      params: { organisation: org.legal_name, role: invitation.role, invitedBy: invitation.invitedBy },
      secretParams: { link: linkUrl(publicUrl, language, token) },
    },
    registryHost(publicUrl),
    now,
  );
  return {
    organisation: org.slug,
    email: invitation.email,
    role: invitation.role,
    expiresAt: expiresAt.toISOString(),
  };
}
