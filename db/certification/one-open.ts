import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { StoredStatus } from '../vocabulary.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The statuses that no longer hold an organisation's one open certification of a scheme: the
 * predicate of the unique index `certification_one_open` (migration 2026-12-03T1540), kept here
 * once so that every check before an insert or a move agrees with what the index enforces.
 */
export const CLOSED_STATUSES: readonly StoredStatus[] = ['revoked', 'refused'];

/**
 * The organisation's open certification of a scheme (any status but revoked or refused), other
 * than `except`, if it holds one.
 */
export async function openCertificationOf(
  db: Db,
  organisationId: number,
  schemeId: number,
  except?: number,
): Promise<{ id: number; public_id: string } | undefined> {
  let query = db
    .selectFrom('certification')
    .select(['id', 'public_id'])
    .where('organisation_id', '=', organisationId)
    .where('scheme_id', '=', schemeId)
    .where('status', 'not in', CLOSED_STATUSES);
  if (except !== undefined) query = query.where('id', '<>', except);
  return query.executeTakeFirst();
}
