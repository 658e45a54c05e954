import type { Kysely } from 'kysely';
import type { Database } from './schema/database.ts';
import type { LocalisedText } from './schema/common.ts';
import type { AssuranceLevel } from './schema/certification.table.ts';
import { effectiveStatus, type Status } from './lifecycle.ts';

export interface CertificationSummary {
  publicId: string;
  schemeSlug: string;
  schemeName: LocalisedText;
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
}

const ORDER: Record<Status, number> = { active: 0, suspended: 1, pending: 2, expired: 3, revoked: 4 };

/** Certifications of the given organisations with their effective status, grouped by organisation. */
export async function certificationSummaries(
  db: Kysely<Database>,
  organisationIds: number[],
  now: Date,
): Promise<Map<number, CertificationSummary[]>> {
  const result = new Map<number, CertificationSummary[]>();
  if (organisationIds.length === 0) return result;
  const rows = await db
    .selectFrom('certification as c')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .select([
      'c.organisation_id',
      'c.public_id',
      'c.status',
      'c.assurance_level',
      'c.valid_from',
      'c.valid_until',
      's.slug',
      's.name',
    ])
    .where('c.organisation_id', 'in', organisationIds)
    .orderBy('c.id')
    .execute();
  for (const r of rows) {
    const list = result.get(r.organisation_id) ?? [];
    list.push({
      publicId: r.public_id,
      schemeSlug: r.slug,
      schemeName: r.name,
      status: effectiveStatus(r, now),
      assuranceLevel: r.assurance_level,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
    });
    result.set(r.organisation_id, list);
  }
  for (const list of result.values()) list.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return result;
}
