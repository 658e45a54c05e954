import type { Organisation } from '../schema/organisation.table.ts';
import type { CertificationSummary } from '../certification/summaries.ts';

/** The organisation columns every public or admin JSON output shows, for `select`. */
export const ORGANISATION_FACT_COLUMNS = [
  'slug',
  'legal_name',
  'trade_names',
  'country',
  'registry_id',
  'city',
  'website',
  'sector',
  'is_outsourced_contact_centre',
] as const;

/** An organisation's registry facts: the columns above. */
export type OrganisationFacts = Pick<Organisation, (typeof ORGANISATION_FACT_COLUMNS)[number]>;

/** The facts in the API's field names, as `organisationFields` returns them. */
export type OrganisationFields = ReturnType<typeof organisationFields>;

/**
 * An organisation's registry facts in the API's field names, in the order every output lists
 * them. The admin API, the public API and the open data each add their own fields after these,
 * so one rename here reaches all three instead of drifting apart.
 */
export function organisationFields(o: OrganisationFacts) {
  return {
    slug: o.slug,
    legalName: o.legal_name,
    tradeNames: o.trade_names,
    country: o.country,
    registryId: o.registry_id,
    city: o.city,
    website: o.website,
    sector: o.sector,
    outsourcedContactCentre: o.is_outsourced_contact_centre,
  };
}

/** A certification's public fields, dates as ISO text; shared by the public API and the open data. */
export function certificationFields(
  c: Pick<
    CertificationSummary,
    'publicId' | 'schemeSlug' | 'status' | 'assuranceLevel' | 'validFrom' | 'validUntil'
  >,
) {
  return {
    publicId: c.publicId,
    scheme: c.schemeSlug,
    status: c.status,
    assuranceLevel: c.assuranceLevel,
    validFrom: c.validFrom?.toISOString() ?? null,
    validUntil: c.validUntil?.toISOString() ?? null,
  };
}
