import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ApplicationRequest, NewApplicationRequest } from '../schema/application-request.table.ts';
import type { Country } from '../schema/organisation.table.ts';

/** How long a confirmation link works. */
export const APPLICATION_LINK_TTL_MS = 24 * 60 * 60_000;

/** Stores an application from the form by the hash of its confirmation token. */
export async function storeApplication(
  db: Kysely<Database>,
  row: Omit<NewApplicationRequest, 'expires_at' | 'created_at'>,
  now: Date,
): Promise<void> {
  await db
    .insertInto('application_request')
    .values({ ...row, created_at: now, expires_at: new Date(now.getTime() + APPLICATION_LINK_TTL_MS) })
    .execute();
}

/** Applications asked for since `since`: per client network, per national id, per address. */
export async function recentApplicationCounts(
  db: Kysely<Database>,
  key: { clientNetwork: string | null; country: Country; registryId: string; email: string },
  since: Date,
): Promise<{ network: number; nationalId: number; email: number }> {
  const base = () =>
    db
      .selectFrom('application_request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('created_at', '>', since);
  const network =
    key.clientNetwork === null
      ? 0
      : Number((await base().where('client_network', '=', key.clientNetwork).executeTakeFirstOrThrow()).n);
  const nationalId = Number(
    (
      await base()
        .where('country', '=', key.country)
        .where('registry_id', '=', key.registryId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const email = Number((await base().where('email', '=', key.email).executeTakeFirstOrThrow()).n);
  return { network, nationalId, email };
}

/** An application whose link may still be used; reading it changes nothing. */
export async function usableApplication(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<ApplicationRequest | undefined> {
  return db
    .selectFrom('application_request')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('confirmed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses a confirmation link once: only an unconfirmed, unexpired row matches, so of two racing
 * requests exactly one gets it back. Call inside the transaction of what confirming does.
 */
export async function consumeApplication(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<ApplicationRequest | undefined> {
  return db
    .updateTable('application_request')
    .set({ confirmed_at: now })
    .where('token_hash', '=', tokenHash)
    .where('confirmed_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Removes unconfirmed applications whose link ended more than a week ago (kept that long for the limits). */
export async function pruneApplications(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('application_request')
    .where('confirmed_at', 'is', null)
    .where('expires_at', '<', new Date(now.getTime() - 7 * 86_400_000))
    .execute();
}

export interface AccessRequest {
  id: number;
  name: string;
  email: string;
  scheme: string;
  requestedAt: Date;
}

/** Confirmed applicants waiting for access to an organisation, oldest first. */
export async function pendingAccessRequests(
  db: Kysely<Database>,
  organisationId: number,
): Promise<AccessRequest[]> {
  const rows = await db
    .selectFrom('application_request as a')
    .innerJoin('scheme as s', 's.id', 'a.scheme_id')
    .select(['a.id', 'a.contact_name', 'a.email', 's.slug', 'a.confirmed_at'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.access', '=', 'pending')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.contact_name,
    email: r.email,
    scheme: r.slug,
    requestedAt: new Date(r.confirmed_at!),
  }));
}

/**
 * Closes a pending access request with `granted` or `declined`, once: the update matches only a
 * pending row of this organisation, locked until the transaction ends.
 */
export async function decideAccessRequest(
  db: Kysely<Database>,
  organisationId: number,
  requestId: number,
  access: 'granted' | 'declined',
  decidedBy: string,
  now: Date,
): Promise<ApplicationRequest | undefined> {
  return db
    .updateTable('application_request')
    .set({ access, decided_by: decidedBy, decided_at: now })
    .where('id', '=', requestId)
    .where('organisation_id', '=', organisationId)
    .where('access', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}
