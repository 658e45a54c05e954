import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { MemberToken, MemberTokenPurpose, NewMemberToken } from '../schema/member-token.table.ts';

/** How long each kind of link lives. */
export const TOKEN_TTL_MS: Readonly<Record<MemberTokenPurpose, number>> = {
  sign_in: 15 * 60_000,
  invitation: 7 * 86_400_000,
  email_change: 24 * 60 * 60_000,
};

/** Stores a link by the hash of its token; returns when it expires. */
export async function storeToken(
  db: Kysely<Database>,
  token: Omit<NewMemberToken, 'created_at' | 'expires_at' | 'used_at'>,
  now: Date,
): Promise<Date> {
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[token.purpose]);
  await db
    .insertInto('member_token')
    .values({ ...token, created_at: now, expires_at: expiresAt })
    .execute();
  return expiresAt;
}

export type TokenLookup = { state: 'valid'; token: MemberToken } | { state: 'unusable' };

/**
 * A link that may still be used: right purpose, not expired, not used. Reading it changes
 * nothing (a GET of a link, a mail scanner's prefetch, consume nothing).
 */
export async function findUsableToken(
  db: Kysely<Database>,
  tokenHash: string,
  purpose: MemberTokenPurpose,
  now: Date,
): Promise<TokenLookup> {
  const token = await db
    .selectFrom('member_token')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return token ? { state: 'valid', token } : { state: 'unusable' };
}

/**
 * Uses a link once: the update only matches an unused, unexpired row, so of two racing requests
 * exactly one gets the token back. Call inside the transaction of what the link does.
 */
export async function consumeToken(
  db: Kysely<Database>,
  tokenHash: string,
  purpose: MemberTokenPurpose,
  now: Date,
): Promise<MemberToken | null> {
  const row = await db
    .updateTable('member_token')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Links of one purpose asked for since `since`, to the address and from the client network. */
export async function recentTokenCounts(
  db: Kysely<Database>,
  purpose: MemberTokenPurpose,
  key: { email: string; clientNetwork: string | null },
  since: Date,
): Promise<{ email: number; network: number }> {
  const count = async (column: 'email' | 'client_network', value: string | null) => {
    if (value === null) return 0;
    const row = await db
      .selectFrom('member_token')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('purpose', '=', purpose)
      .where(column, '=', value)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    email: await count('email', key.email),
    network: await count('client_network', key.clientNetwork),
  };
}

/** Open invitations of an organisation (not used, not expired), newest first. */
export async function openInvitations(db: Kysely<Database>, organisationId: number, now: Date) {
  return db
    .selectFrom('member_token')
    .select(['email', 'role', 'invited_by', 'created_at', 'expires_at'])
    .where('purpose', '=', 'invitation')
    .where('organisation_id', '=', organisationId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Removes links that ended more than a day ago (housekeeping when a new one is made). */
export async function pruneTokens(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('member_token')
    .where('expires_at', '<', new Date(now.getTime() - 86_400_000))
    .execute();
}
