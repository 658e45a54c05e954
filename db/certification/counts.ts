import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { Status } from './lifecycle.ts';

/** Certifications per effective status (expiry derived from valid_until), for the admin overview. */
export async function certificationCounts(db: Kysely<Database>, now: Date): Promise<Record<Status, number>> {
  const { rows } = await sql<{ status: Status; n: number }>`
    select case when status in ('active', 'suspended') and valid_until <= ${now} then 'expired' else status end as status,
           count(*)::int as n
    from certification group by 1`.execute(db);
  const counts: Record<Status, number> = {
    pending: 0,
    active: 0,
    suspended: 0,
    revoked: 0,
    expired: 0,
    refused: 0,
  };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
