import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamp } from './common.ts';
import type { AssessmentResult } from '../vocabulary.ts';

export type { AssessmentResult };

export interface AssessmentTable {
  id: Generated<number>;
  certification_id: number;
  /** The scheme version whose criterion was assessed. */
  scheme_version_id: ColumnType<number, number | undefined, number>;
  criterion_id: number;
  result: AssessmentResult;
  note: string | null;
  assessor: string;
  assessed_at: Timestamp;
}
export type Assessment = Selectable<AssessmentTable>;
export type NewAssessment = Insertable<AssessmentTable>;
export type AssessmentUpdate = Updateable<AssessmentTable>;
