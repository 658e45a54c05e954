import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Json, LocalisedText } from './common.ts';

export interface SchemeTable {
  id: Generated<number>;
  slug: string;
  owner_name: string;
  owner_url: string;
  /** Short code of the owner, used in issuer URLs (`/issuers/{owner_slug}`). */
  owner_slug: string;
  country: string;
  name: Json<LocalisedText>;
  description: Json<LocalisedText>;
  validity_months: number;
  /** ISO date (YYYY-MM-DD) from which the scheme applies. */
  in_force_from: string;
  created_at: GeneratedTimestamp;
  /** The published version in force; null while a new scheme has only a draft (not public). */
  current_version_id: number | null;
}
export type Scheme = Selectable<SchemeTable>;
export type NewScheme = Insertable<SchemeTable>;
export type SchemeUpdate = Updateable<SchemeTable>;
