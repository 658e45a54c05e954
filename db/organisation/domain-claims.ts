import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { DomainClaim } from '../schema/domain-claim.table.ts';
import { KeurmerkError, NotFoundError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { announceOrganisation } from './edit.ts';

/** A proof may be attempted once per claim per this many milliseconds (all instances together). */
export const PROOF_INTERVAL_MS = 60_000;

/** The hosts that count for the organisation's badge, alphabetically. */
export async function provenDomains(db: Kysely<Database>, organisationId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('organisation_domain')
    .select('hostname')
    .where('organisation_id', '=', organisationId)
    .orderBy('hostname')
    .execute();
  return rows.map((r) => r.hostname);
}

/** The organisation's claims not yet proven (pending or refused), newest first. */
export function claimsOf(db: Kysely<Database>, organisationId: number): Promise<DomainClaim[]> {
  return db
    .selectFrom('domain_claim')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One claim of the organisation, or 404: another organisation's claim does not exist for it. */
export async function claimOf(
  db: Kysely<Database>,
  organisationId: number,
  id: number,
): Promise<DomainClaim> {
  const claim = await db
    .selectFrom('domain_claim')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!claim) throw new NotFoundError('domain request', String(id));
  return claim;
}

/**
 * Asks for a host (already normalised) for the organisation. Refused when it already counts for
 * this or another organisation; asking again for a refused host reopens the request.
 */
export async function addClaim(
  db: Kysely<Database>,
  organisationId: number,
  hostname: string,
  memberId: number | null,
): Promise<DomainClaim> {
  return inTransaction(db, async (trx) => {
    const registered = await trx
      .selectFrom('organisation_domain')
      .select('organisation_id')
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (registered?.organisation_id === organisationId)
      throw new KeurmerkError('domain_already_registered', undefined, { field: 'hostname' });
    if (registered) throw new KeurmerkError('domain_taken', undefined, { field: 'hostname', hostname });
    return trx
      .insertInto('domain_claim')
      .values({ organisation_id: organisationId, hostname, requested_by: memberId })
      .onConflict((oc) =>
        oc.columns(['organisation_id', 'hostname']).doUpdateSet({
          state: 'pending',
          decided_by: null,
          decided_at: null,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Takes the claim's one proof attempt of the minute: true when this caller may fetch now. A
 * conditional update, so two instances asked at once cannot both win.
 */
export async function takeProofAttempt(db: Kysely<Database>, claimId: number, now: Date): Promise<boolean> {
  const taken = await db
    .updateTable('domain_claim')
    .set({ last_attempt_at: now })
    .where('id', '=', claimId)
    .where('state', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb('last_attempt_at', 'is', null),
        eb('last_attempt_at', '<=', new Date(now.getTime() - PROOF_INTERVAL_MS)),
      ]),
    )
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Notes why the last attempt failed (a fixed reason code). */
export async function recordProofFailure(
  db: Kysely<Database>,
  claimId: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable('domain_claim')
    .set({ last_failure: reason.slice(0, 200) })
    .where('id', '=', claimId)
    .execute();
}

/**
 * Makes a pending claim count: its host joins organisation_domain (badge caches are told), and
 * the claim is gone. Refused when another organisation registered the host meanwhile.
 */
export async function acceptClaim(db: Kysely<Database>, claimId: number): Promise<DomainClaim> {
  return inTransaction(db, async (trx) => {
    const claim = await trx
      .selectFrom('domain_claim')
      .selectAll()
      .where('id', '=', claimId)
      .forUpdate()
      .executeTakeFirst();
    if (!claim) throw new NotFoundError('domain request', String(claimId));
    if (claim.state !== 'pending') throw new KeurmerkError('domain_claim_closed');
    const registered = await trx
      .selectFrom('organisation_domain')
      .select('organisation_id')
      .where('hostname', '=', claim.hostname)
      .executeTakeFirst();
    if (registered && registered.organisation_id !== claim.organisation_id)
      throw new KeurmerkError('domain_taken', undefined, { hostname: claim.hostname });
    if (!registered)
      await trx
        .insertInto('organisation_domain')
        .values({ organisation_id: claim.organisation_id, hostname: claim.hostname })
        .execute();
    await trx.deleteFrom('domain_claim').where('id', '=', claim.id).execute();
    await announceOrganisation(trx, claim.organisation_id);
    return claim;
  });
}

/** Staff refuse a pending claim; the member sees it refused and may ask again. */
export async function refuseClaim(
  db: Kysely<Database>,
  claimId: number,
  decidedBy: string,
  now: Date,
): Promise<DomainClaim> {
  const claim = await db
    .updateTable('domain_claim')
    .set({ state: 'refused', decided_by: decidedBy, decided_at: now, review_requested_at: null })
    .where('id', '=', claimId)
    .where('state', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (claim) return claim;
  const exists = await db
    .selectFrom('domain_claim')
    .select('id')
    .where('id', '=', claimId)
    .executeTakeFirst();
  if (!exists) throw new NotFoundError('domain request', String(claimId));
  throw new KeurmerkError('domain_claim_closed');
}

/** The member asks staff to approve the claim instead of proving it. */
export async function requestReview(db: Kysely<Database>, claimId: number, now: Date): Promise<void> {
  const done = await db
    .updateTable('domain_claim')
    .set({ review_requested_at: now })
    .where('id', '=', claimId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw new KeurmerkError('domain_claim_closed');
}

/** Withdraws a claim (any state). */
export async function deleteClaim(
  db: Kysely<Database>,
  organisationId: number,
  claimId: number,
): Promise<void> {
  const gone = await db
    .deleteFrom('domain_claim')
    .where('id', '=', claimId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new NotFoundError('domain request', String(claimId));
}

/** Removes a host that counts for the organisation, at once (badge caches are told). */
export async function removeProvenDomain(
  db: Kysely<Database>,
  organisationId: number,
  hostname: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const gone = await trx
      .deleteFrom('organisation_domain')
      .where('organisation_id', '=', organisationId)
      .where('hostname', '=', hostname)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw new NotFoundError('domain', hostname.slice(0, 253));
    await announceOrganisation(trx, organisationId);
  });
}

/** Claims waiting for staff: pending, with a review asked for; oldest request first. */
export function reviewQueue(db: Kysely<Database>, organisationId: number | null): Promise<DomainClaim[]> {
  let query = db
    .selectFrom('domain_claim')
    .selectAll()
    .where('state', '=', 'pending')
    .where('review_requested_at', 'is not', null);
  if (organisationId !== null) query = query.where('organisation_id', '=', organisationId);
  return query.orderBy('review_requested_at').orderBy('id').execute();
}

/** How many domain requests wait for staff, over all organisations (the staff overview's count). */
export async function countPendingDomainRequests(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from domain_claim
    where state = 'pending' and review_requested_at is not null`.execute(db);
  return row.rows[0]?.n ?? 0;
}
