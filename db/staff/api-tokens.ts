import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ApiToken } from '../schema/api-token.table.ts';
import type { Role } from '../schema/staff-user.table.ts';
import { NotFoundError } from '../errors.ts';

/** A token as lists show it: never its hash. */
export type ApiTokenSummary = Omit<ApiToken, 'token_hash'>;

const SUMMARY = [
  'id',
  'name',
  'role',
  'created_by',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;
// last_used_at is written at most once a minute per token, not once per request.
const TOUCH_EVERY_MS = 60_000;

/** Stores a new token by its hash; the caller shows the token itself once and forgets it. */
export function insertApiToken(
  db: Kysely<Database>,
  input: {
    name: string;
    role: Role;
    tokenHash: string;
    createdBy: string;
    expiresAt: Date | null;
    now: Date;
  },
): Promise<ApiTokenSummary> {
  return db
    .insertInto('api_token')
    .values({
      name: input.name,
      role: input.role,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning(SUMMARY)
    .executeTakeFirstOrThrow();
}

export type TokenLookup =
  | { state: 'valid'; token: ApiTokenSummary }
  | { state: 'unknown' }
  | { state: 'revoked' | 'expired'; token: ApiTokenSummary };

/** Finds a token by hash and says whether it may be used now; a valid one gets its last-used time. */
export async function lookupApiToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<TokenLookup> {
  const row = await db
    .selectFrom('api_token')
    .select(SUMMARY)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  if (row.revoked_at && row.revoked_at <= now) return { state: 'revoked', token: row };
  if (row.expires_at && row.expires_at <= now) return { state: 'expired', token: row };
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { state: 'valid', token: row };
}

export function listApiTokens(db: Kysely<Database>): Promise<ApiTokenSummary[]> {
  return db
    .selectFrom('api_token')
    .select(SUMMARY)
    .orderBy('revoked_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes a token (idempotent: revoking twice keeps the first time). */
export async function revokeApiToken(db: Kysely<Database>, id: number, now: Date): Promise<ApiTokenSummary> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await db.selectFrom('api_token').select(SUMMARY).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('API token', String(id));
  return row;
}
