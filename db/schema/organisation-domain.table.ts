import type { Generated, Insertable, Selectable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';

export interface OrganisationDomainTable {
  id: Generated<number>;
  organisation_id: number;
  /** Lower-case ASCII (punycode) host name, no scheme, port or path. */
  hostname: string;
  created_at: GeneratedTimestamp;
}
export type OrganisationDomain = Selectable<OrganisationDomainTable>;
export type NewOrganisationDomain = Insertable<OrganisationDomainTable>;
