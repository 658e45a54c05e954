import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Timestamp } from './common.ts';
import type { AssessmentResult, AssuranceLevel } from '../vocabulary.ts';

export type { AssessmentResult };

export interface AssessmentTable {
  id: Generated<number>;
  certification_id: number;
  /** The scheme version whose criterion was assessed. */
  scheme_version_id: ColumnType<number, number | undefined, number>;
  criterion_id: number;
  result: AssessmentResult;
  /**
   * What the result rests on: the member's declaration, the association's review or an independent
   * audit. Set by the decision that grants or renews; a row written without one takes its
   * certification's assurance level (migration 2026-12-03T1510).
   */
  basis: ColumnType<AssuranceLevel, AssuranceLevel | undefined, AssuranceLevel>;
  note: string | null;
  assessor: string;
  assessed_at: Timestamp;
}
export type Assessment = Selectable<AssessmentTable>;
export type NewAssessment = Insertable<AssessmentTable>;
export type AssessmentUpdate = Updateable<AssessmentTable>;
