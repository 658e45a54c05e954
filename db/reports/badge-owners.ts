import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/** Who a badge belongs to and where it may appear: what a misuse signal is judged by. */
export interface BadgeOwner {
  organisationId: number;
  certificationId: number;
  domains: string[];
}

/**
 * The owners of many badges in one round trip (an edge's log batch names many); ids not in the
 * registry are absent from the map.
 */
export async function badgeOwners(
  db: Kysely<Database>,
  publicIds: readonly string[],
): Promise<Map<string, BadgeOwner>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('certification as c')
    .select((eb) => [
      'c.public_id',
      'c.id',
      'c.organisation_id',
      eb
        .selectFrom('organisation_domain as d')
        .select((e) => e.fn.agg<string[]>('array_agg', ['d.hostname']).as('hosts'))
        .whereRef('d.organisation_id', '=', 'c.organisation_id')
        .as('domains'),
    ])
    .where('c.public_id', 'in', [...publicIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.public_id,
      { organisationId: r.organisation_id, certificationId: r.id, domains: r.domains ?? [] },
    ]),
  );
}
