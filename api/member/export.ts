import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { NotFoundError } from '../../db/errors.ts';
import { memberById } from '../../db/member/users.ts';
import { membershipsOf } from '../../db/member/memberships.ts';
import { listPasskeys } from '../../db/webauthn/passkeys.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything the registry holds about a person, as one JSON document: profile, memberships,
 * passkeys (names and dates), sessions (dates only: the token hashes are no one's business), open links (dates, never the
 * hash) and every audit record in which they acted.
 */
export async function memberDataExport(db: Kysely<Database>, memberUserId: number, now: Date) {
  const person = await memberById(db, memberUserId);
  if (!person) throw new NotFoundError('member', String(memberUserId));
  const memberships = await membershipsOf(db, memberUserId);
  const passkeys = await listPasskeys(db, { kind: 'member', id: memberUserId });
  const sessions = await db
    .selectFrom('member_session')
    .select(['created_at', 'last_seen_at', 'expires_at', 'revoked_at', 'method'])
    .where('member_user_id', '=', memberUserId)
    .orderBy('created_at')
    .execute();
  const links = await db
    .selectFrom('member_token')
    .select(['purpose', 'email', 'created_at', 'expires_at', 'used_at'])
    .where((eb) => eb.or([eb('member_user_id', '=', memberUserId), eb('email', '=', person.email)]))
    .orderBy('created_at')
    .execute();
  const actions = await db
    .selectFrom('audit_log')
    .select(['occurred_at', 'action', 'target', 'outcome', 'client_address'])
    .where('actor_kind', '=', 'member')
    .where(sql<string>`detail->>'memberId'`, '=', String(memberUserId))
    .orderBy('id')
    .execute();
  return {
    exportedAt: now.toISOString(),
    profile: {
      email: person.email,
      name: person.name,
      language: person.language,
      createdAt: iso(person.created_at),
      lastSignInAt: iso(person.last_sign_in_at),
    },
    memberships: memberships.map((m) => ({
      organisation: m.slug,
      name: m.legalName,
      role: m.role,
      since: iso(m.since),
    })),
    // Names and dates, never key material.
    passkeys: passkeys.map((p) => ({
      name: p.name,
      createdAt: iso(p.createdAt),
      lastUsedAt: iso(p.lastUsedAt),
    })),
    sessions: sessions.map((s) => ({
      method: s.method,
      createdAt: iso(s.created_at),
      lastSeenAt: iso(s.last_seen_at),
      expiresAt: iso(s.expires_at),
      endedAt: iso(s.revoked_at),
    })),
    links: links.map((l) => ({
      purpose: l.purpose,
      sentTo: l.email,
      createdAt: iso(l.created_at),
      expiresAt: iso(l.expires_at),
      usedAt: iso(l.used_at),
    })),
    auditRecords: actions.map((a) => ({
      at: iso(a.occurred_at),
      action: a.action,
      target: a.target,
      outcome: a.outcome,
      clientAddress: a.client_address,
    })),
  };
}

export type MemberDataExport = Awaited<ReturnType<typeof memberDataExport>>;
