import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { findLiveMemberSession } from '../../db/member/sessions.ts';
import { membershipsOf } from '../../db/member/memberships.ts';
import type { MemberPrincipal } from '../admin/principal.ts';
import { looksLikeSecret, secretHash } from '../auth/secrets.ts';

/**
 * Resolves a member session cookie to the signed-in person with their memberships, read fresh on
 * every request: a colleague removed a minute ago has no access on the next page.
 */
export async function authenticateMember(
  db: Kysely<Database>,
  sessionToken: string | null | undefined,
  now: Date,
): Promise<MemberPrincipal | null> {
  if (!sessionToken || !looksLikeSecret(sessionToken, 'kmm')) return null;
  const sessionHash = secretHash(sessionToken);
  const live = await findLiveMemberSession(db, sessionHash, now);
  if (!live) return null;
  const memberships = await membershipsOf(db, live.memberUserId);
  return {
    kind: 'member',
    id: live.memberUserId,
    email: live.email,
    name: live.name,
    language: live.language,
    sessionHash,
    memberships: memberships.map((m) => ({ organisationId: m.organisationId, slug: m.slug, role: m.role })),
  };
}
