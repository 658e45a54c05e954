import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel } from '../schema/certification.table.ts';
import { ORGANISATION_FACT_COLUMNS, organisationFields, type OrganisationFields } from './public-fields.ts';
import { effectiveStatus, type Status } from '../certification/lifecycle.ts';
import { DECIDED_STATUSES } from '../vocabulary.ts';

export interface OpenDataCertification {
  publicId: string;
  scheme: string;
  /** The version of the scheme's criteria it was last assessed against. */
  schemeVersion: number;
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: string | null;
  validUntil: string | null;
}

/** One organisation as published in the open data: registry facts only, no staff or report data. */
export interface OpenDataOrganisation extends OrganisationFields {
  domains: string[];
  certifications: OpenDataCertification[];
}

/**
 * The whole registry in batches, keyset-paged on organisation id, so a download of 100,000
 * organisations never holds more than one batch in memory. Each batch is three indexed queries.
 */
export async function* registryBatches(
  db: Kysely<Database>,
  now: Date,
  batchSize = 500,
): AsyncGenerator<OpenDataOrganisation[]> {
  let afterId = 0;
  for (;;) {
    const orgs = await db
      .selectFrom('organisation')
      .select(['id', ...ORGANISATION_FACT_COLUMNS])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (orgs.length === 0) return;
    const ids = orgs.map((o) => o.id);
    const [domains, certs] = await Promise.all([
      db
        .selectFrom('organisation_domain')
        .select(['organisation_id', 'hostname'])
        .where('organisation_id', 'in', ids)
        .orderBy('hostname')
        .execute(),
      db
        .selectFrom('certification as c')
        .innerJoin('scheme as s', 's.id', 'c.scheme_id')
        .innerJoin('scheme_version as v', 'v.id', 'c.scheme_version_id')
        .select([
          'c.organisation_id',
          'c.public_id',
          's.slug',
          'v.version',
          'c.status',
          'c.assurance_level',
          'c.valid_from',
          'c.valid_until',
        ])
        .where('c.organisation_id', 'in', ids)
        // Applications and refusals are private (issue 18).
        .where('c.status', 'in', DECIDED_STATUSES)
        .orderBy('c.id')
        .execute(),
    ]);
    // An organisation is public from its first decision.
    const decided = new Set(certs.map((c) => c.organisation_id));
    yield orgs
      .filter((o) => decided.has(o.id))
      .map((o) => ({
        ...organisationFields(o),
        domains: domains.filter((d) => d.organisation_id === o.id).map((d) => d.hostname),
        certifications: certs
          .filter((c) => c.organisation_id === o.id)
          .map((c) => ({
            publicId: c.public_id,
            scheme: c.slug,
            schemeVersion: c.version,
            status: effectiveStatus(c, now),
            assuranceLevel: c.assurance_level,
            validFrom: c.valid_from?.toISOString() ?? null,
            validUntil: c.valid_until?.toISOString() ?? null,
          })),
      }));
    afterId = ids.at(-1)!;
  }
}
