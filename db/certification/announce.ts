import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import { CERTIFICATION_CHANNEL } from './transitions.ts';

/**
 * Announces certifications written in bulk (CSV import, demo seed) as every single change is
 * announced: running servers keep a set of known public ids to answer unknown ones without a
 * query, and learn new ids from this notification. Sent when the transaction commits.
 */
export async function announceCertifications(
  trx: Transaction<Database>,
  publicIds: readonly string[],
): Promise<void> {
  if (publicIds.length === 0) return;
  await sql`select pg_notify(${CERTIFICATION_CHANNEL}, id) from unnest(${publicIds}::text[]) as u(id)`.execute(
    trx,
  );
}
