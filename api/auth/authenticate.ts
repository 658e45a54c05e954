import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { lookupApiToken } from '../../db/staff/api-tokens.ts';
import { findLiveSession } from '../../db/staff/sessions.ts';
import type { Principal } from '../admin/principal.ts';
import { looksLikeSecret, secretHash } from './secrets.ts';

export type BearerResult =
  | { state: 'valid'; principal: Principal }
  | { state: 'missing' }
  | { state: 'malformed' | 'unknown' }
  | { state: 'revoked' | 'expired'; tokenId: number; tokenName: string };

/** Reads `Authorization: Bearer kmt_…` and resolves the API token; only its hash is looked up. */
export async function authenticateBearer(
  db: Kysely<Database>,
  authorization: string | null,
  now: Date,
): Promise<BearerResult> {
  if (!authorization) return { state: 'missing' };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match || !looksLikeSecret(match[1]!, 'kmt')) return { state: 'malformed' };
  const found = await lookupApiToken(db, secretHash(match[1]!), now);
  if (found.state === 'unknown') return { state: 'unknown' };
  if (found.state !== 'valid')
    return { state: found.state, tokenId: found.token.id, tokenName: found.token.name };
  const { id, name, role, owner_id } = found.token;
  return { state: 'valid', principal: { kind: 'token', id, name, role, ownerId: owner_id } };
}

export interface StaffSession {
  principal: Extract<Principal, { kind: 'staff' }>;
  /** The second factor is still to be given (or enrolled): see second-factor/policy.ts. */
  passwordOnly: boolean;
  hasSecondFactor: boolean;
}

/** Resolves a session cookie to its live session, password-only or complete, or null. */
export async function authenticateStaffSession(
  db: Kysely<Database>,
  sessionToken: string | null | undefined,
  now: Date,
): Promise<StaffSession | null> {
  if (!sessionToken || !looksLikeSecret(sessionToken, 'kms')) return null;
  const sessionHash = secretHash(sessionToken);
  const live = await findLiveSession(db, sessionHash, now);
  if (!live) return null;
  return {
    principal: {
      kind: 'staff',
      id: live.staffUserId,
      email: live.email,
      name: live.displayName,
      role: live.role,
      sessionHash,
    },
    passwordOnly: live.passwordOnly,
    hasSecondFactor: live.hasSecondFactor,
  };
}

/**
 * Resolves a session cookie to the signed-in staff member, or null. A password-only session (its
 * second factor not yet given) is no signed-in staff member.
 */
export async function authenticateSession(
  db: Kysely<Database>,
  sessionToken: string | null | undefined,
  now: Date,
): Promise<Extract<Principal, { kind: 'staff' }> | null> {
  const session = await authenticateStaffSession(db, sessionToken, now);
  return session && !session.passwordOnly ? session.principal : null;
}
