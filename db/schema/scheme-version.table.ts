import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Json, LocalisedText, Timestamp } from './common.ts';
import type { AssuranceLevel } from '../vocabulary.ts';

/** Which versions of a scheme may change: a draft, until it is published, and never after. */
export const SCHEME_VERSION_STATES = ['draft', 'published'] as const;
export type SchemeVersionState = (typeof SCHEME_VERSION_STATES)[number];

/** One criterion as a version's definition holds it; its position is its place in the list. */
export interface CriterionDefinition {
  code: string;
  title: LocalisedText;
  description: LocalisedText;
}

/** Everything a version of a scheme says, as one JSON document (db/scheme/definition.ts parses it). */
export interface SchemeDefinitionDocument {
  owner: { name: string; slug: string; url: string };
  country: string;
  inForceFrom: string;
  validityMonths: number;
  renewalGraceDays: number;
  objectionPeriodDays: number;
  assuranceLevels: AssuranceLevel[];
  name: LocalisedText;
  description: LocalisedText;
  criteria: CriterionDefinition[];
}

export interface SchemeVersionTable {
  id: Generated<number>;
  scheme_id: number;
  /** 1, 2, 3… per scheme; a draft already carries the number it will be published under. */
  version: number;
  state: SchemeVersionState;
  definition: Json<SchemeDefinitionDocument>;
  /** What changed since the previous version, in the staff's words, per language. */
  change_note: Json<LocalisedText> | null;
  /** Certifications on an older version not re-assessed by then expire (db/scheme/transition.ts). */
  transition_date: Timestamp | null;
  created_by: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  published_by: string | null;
  published_at: Timestamp | null;
}
export type SchemeVersion = Selectable<SchemeVersionTable>;
export type NewSchemeVersion = Insertable<SchemeVersionTable>;
export type SchemeVersionUpdate = Updateable<SchemeVersionTable>;
