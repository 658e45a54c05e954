import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Role } from '../schema/staff-user.table.ts';
import { NotFoundError } from '../errors.ts';

/**
 * A token as lists show it: never its hash. `role` is the effective one (capped by the owner's
 * role) and `revoked_at` includes the moment its owner was disabled; `granted_role` is what it
 * was made with.
 */
export interface ApiTokenSummary {
  id: number;
  name: string;
  role: Role;
  granted_role: Role;
  created_by: string;
  owner_id: number | null;
  owner_email: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

// last_used_at is written at most once a minute per token, not once per request.
const TOUCH_EVERY_MS = 60_000;
const RANK: Readonly<Record<Role, number>> = { viewer: 0, assessor: 1, admin: 2 };

/** The lower of two roles: a token never acts with more than its owner may. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Whether `role` is at most `cap`. */
export function roleWithin(role: Role, cap: Role): boolean {
  return RANK[role] <= RANK[cap];
}

function selectTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_token as t')
    .leftJoin('staff_user as s', 's.id', 't.owner_id')
    .select([
      't.id',
      't.name',
      't.role',
      't.created_by',
      't.owner_id',
      's.email as owner_email',
      's.role as owner_role',
      's.disabled_at as owner_disabled_at',
      't.created_at',
      't.expires_at',
      't.last_used_at',
      't.revoked_at',
    ]);
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof selectTokens>['executeTakeFirstOrThrow']>>;

/** Applies the owner to a stored token: disabled owner = revoked then, lower owner role = cap. */
function summary(row: TokenRow): ApiTokenSummary {
  const { owner_role, owner_disabled_at, role, revoked_at, ...rest } = row;
  const revokedAt =
    revoked_at && owner_disabled_at
      ? new Date(Math.min(revoked_at.getTime(), owner_disabled_at.getTime()))
      : (revoked_at ?? owner_disabled_at ?? null);
  return {
    ...rest,
    role: owner_role ? lowerRole(role, owner_role) : role,
    granted_role: role,
    revoked_at: revokedAt,
  };
}

/** Stores a new token by its hash; the caller shows the token itself once and forgets it. */
export async function insertApiToken(
  db: Kysely<Database>,
  input: {
    name: string;
    role: Role;
    tokenHash: string;
    createdBy: string;
    ownerId: number | null;
    expiresAt: Date | null;
    now: Date;
  },
): Promise<ApiTokenSummary> {
  const { id } = await db
    .insertInto('api_token')
    .values({
      name: input.name,
      role: input.role,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      owner_id: input.ownerId,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return summary(await selectTokens(db).where('t.id', '=', id).executeTakeFirstOrThrow());
}

export type TokenLookup =
  | { state: 'valid'; token: ApiTokenSummary }
  | { state: 'unknown' }
  | { state: 'revoked' | 'expired'; token: ApiTokenSummary };

/**
 * Finds a token by hash and says whether it may be used now, with its owner read in the same
 * query, so a disabled or demoted owner takes effect at the next request however it was changed.
 * A valid one gets its last-used time.
 */
export async function lookupApiToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<TokenLookup> {
  const row = await selectTokens(db).where('t.token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const token = summary(row);
  if (token.revoked_at && token.revoked_at <= now) return { state: 'revoked', token };
  if (token.expires_at && token.expires_at <= now) return { state: 'expired', token };
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', token.id).execute();
  }
  return { state: 'valid', token };
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiTokenSummary[]> {
  const rows = await selectTokens(db).orderBy('t.id', 'desc').execute();
  // Live tokens first, then revoked ones (by their owner too), newest first within each.
  return rows.map(summary).sort((a, b) => Number(a.revoked_at !== null) - Number(b.revoked_at !== null));
}

// Only live tokens: revoking twice keeps the first time.
function revokeLiveTokens(db: Kysely<Database>, now: Date) {
  return db.updateTable('api_token').set({ revoked_at: now }).where('revoked_at', 'is', null);
}

/** Revokes a token (idempotent: revoking twice keeps the first time). */
export async function revokeApiToken(db: Kysely<Database>, id: number, now: Date): Promise<ApiTokenSummary> {
  await revokeLiveTokens(db, now).where('id', '=', id).execute();
  const row = await selectTokens(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('API token', String(id));
  return summary(row);
}

/** Revokes every live token of a staff member (they were disabled); returns how many. */
export async function revokeOwnerTokens(db: Kysely<Database>, ownerId: number, now: Date): Promise<number> {
  const result = await revokeLiveTokens(db, now).where('owner_id', '=', ownerId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
