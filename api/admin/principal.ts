import type { Role } from './policy.ts';
import type { ActorKind } from '../../db/schema/audit-log.table.ts';

/** Who is acting: a signed-in staff member, an API token, or the command line on the server. */
export type Principal =
  | { kind: 'staff'; id: number; email: string; name: string; role: Role; sessionHash: string }
  // role: the token's effective role (never above its owner's); ownerId: the staff member it acts for.
  | { kind: 'token'; id: number; name: string; role: Role; ownerId: number | null }
  | { kind: 'cli'; name: string; role: 'admin' };

/** A signed-in staff member (admin pages). */
export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

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
  }
}

export function actorKind(principal: Principal | null): ActorKind {
  return principal ? principal.kind : 'anonymous';
}

/** Idempotency keys are private to their principal: one token cannot replay another's result. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'cli' ? `cli:${principal.name}` : `${principal.kind}:${principal.id}`;
}
