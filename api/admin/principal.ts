import type { Role } from './policy.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';
import type { Language } from '../../db/vocabulary.ts';
import type { ActorKind } from '../../db/schema/audit-log.table.ts';

/** One organisation a signed-in member belongs to, read at the start of each request. */
export interface MemberOf {
  readonly organisationId: number;
  readonly slug: string;
  readonly role: MemberRole;
}

/**
 * Who is acting: a signed-in staff member, an API token, the command line on the server, or a
 * signed-in member of one or more organisations (who holds no staff role).
 */
export type Principal =
  | {
      kind: 'member';
      id: number;
      email: string;
      name: string;
      language: Language;
      sessionHash: string;
      memberships: readonly MemberOf[];
      role?: never;
    }
  | { kind: 'staff'; id: number; email: string; name: string; role: Role; sessionHash: string }
  // role: the token's effective role (never above its owner's); ownerId: the staff member it acts for.
  | { kind: 'token'; id: number; name: string; role: Role; ownerId: number | null }
  | { kind: 'cli'; name: string; role: 'admin' };

/** A signed-in staff member (admin pages). */
export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

/** A signed-in member (the /member pages). */
export type MemberPrincipal = Extract<Principal, { kind: 'member' }>;

/**
 * The name recorded in certification events and the audit log. Staff appear by e-mail address,
 * tokens by name; the public pages never show it.
 */
export function actorName(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      return principal.email;
    case 'token':
      return `token:${principal.name}`;
    case 'cli':
      return `cli:${principal.name}`;
    case 'member':
      return `member:${principal.email}`;
  }
}

export function actorKind(principal: Principal | null): ActorKind {
  return principal ? principal.kind : 'anonymous';
}

/** Idempotency keys are private to their principal: one token cannot replay another's result. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'cli' ? `cli:${principal.name}` : `${principal.kind}:${principal.id}`;
}
