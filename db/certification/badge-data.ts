import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { StoredStatus } from '../schema/certification.table.ts';
import { certificationsWithOwner } from './with-owner.ts';

export interface BadgeData {
  certificationId: number;
  publicId: string;
  version: number;
  status: StoredStatus;
  validFrom: Date | null;
  validUntil: Date | null;
  organisationId: number;
  organisationName: string;
  /** The organisation's slug: badges are tagged with it at the edge (`org:{slug}`). */
  organisationSlug: string;
  schemeName: LocalisedText;
  /** Host names on which the badge may appear. */
  domains: string[];
}

/** What a badge of `publicId` shows, in one round trip; undefined for an unknown id. */
export async function badgeData(db: Kysely<Database>, publicId: string): Promise<BadgeData | undefined> {
  const row = await certificationsWithOwner(db)
    .select((eb) => [
      'c.id',
      'c.public_id',
      'c.version',
      'c.status',
      'c.valid_from',
      'c.valid_until',
      'o.id as organisation_id',
      'o.legal_name',
      'o.slug',
      's.name',
      eb
        .selectFrom('organisation_domain as d')
        .select((e) => e.fn.agg<string[]>('array_agg', ['d.hostname']).as('hosts'))
        .whereRef('d.organisation_id', '=', 'o.id')
        .as('domains'),
    ])
    .where('c.public_id', '=', publicId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    certificationId: row.id,
    publicId: row.public_id,
    version: row.version,
    status: row.status,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    organisationId: row.organisation_id,
    organisationName: row.legal_name,
    organisationSlug: row.slug,
    schemeName: row.name,
    domains: row.domains ?? [],
  };
}

/** Every public id in the registry, for the badge service's set of known ids. */
export async function allPublicIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('certification').select('public_id').execute();
  return rows.map((r) => r.public_id);
}
