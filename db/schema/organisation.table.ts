import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp } from './common.ts';
import type { Country } from '../vocabulary.ts';

export type { Country };

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  legal_name: string;
  trade_names: Generated<string[]>;
  country: Country;
  /** Normalised national id: 8-digit KvK number (NL) or 10-digit enterprise number (BE). */
  registry_id: string;
  city: string;
  website: string | null;
  sector: string | null;
  is_outsourced_contact_centre: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
