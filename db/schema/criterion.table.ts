import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Json, LocalisedText } from './common.ts';

export interface CriterionTable {
  id: Generated<number>;
  scheme_id: number;
  /** The published version whose criterion this is: each version has its own rows. */
  scheme_version_id: number;
  position: number;
  code: string;
  title: Json<LocalisedText>;
  description: Json<LocalisedText>;
}
export type Criterion = Selectable<CriterionTable>;
export type NewCriterion = Insertable<CriterionTable>;
export type CriterionUpdate = Updateable<CriterionTable>;
