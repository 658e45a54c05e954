import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './common.ts';
import type {
  AssessmentResult,
  AssuranceLevel,
  CaseKind,
  CaseOutcome,
  CaseStage,
  EvidenceMediaType,
  EvidencePurpose,
  FindingSeverity,
  ReviewVerdict,
} from '../vocabulary.ts';

/**
 * One application, renewal, remediation or objection of a certification, against one scheme
 * version (migration 2026-12-03T1300-workflow-cases). Staff appear by name and by id: the
 * four-eyes rules compare people.
 */
export interface CertificationCaseTable {
  id: Generated<number>;
  certification_id: number;
  kind: CaseKind;
  stage: CaseStage;
  scheme_version_id: number;
  opened_by: string;
  opened_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  submitted_at: Timestamp | null;
  /** The member's deadline: changes requested, remediation, or the renewal's valid_until. */
  due_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_by_staff_id: number | null;
  reviewed_at: Timestamp | null;
  decided_by: string | null;
  decided_by_staff_id: number | null;
  decided_at: Timestamp | null;
  outcome: CaseOutcome | null;
  /** The level granted (application, renewal). */
  assurance_level: AssuranceLevel | null;
  /** The decision's reasons (refusal, objection), shown to the member. */
  reasons: string | null;
  /** Objection: the case and event objected to, and who took that decision. */
  objected_case_id: number | null;
  objected_event_id: number | null;
  objected_decision_staff_id: number | null;
  /** Objection: the member's own reasons (migration 2026-12-03T1440-renewal-grace-objection). */
  objection: ColumnType<string | null, string | null | undefined, string | null>;
}
export type CertificationCase = Selectable<CertificationCaseTable>;
export type NewCertificationCase = Insertable<CertificationCaseTable>;
export type CertificationCaseUpdate = Updateable<CertificationCaseTable>;

/** The member's answer on one criterion of a case. */
export interface CaseAnswerTable {
  case_id: number;
  criterion_id: number;
  answer: AssessmentResult;
  explanation: string | null;
  updated_by: string;
  updated_at: GeneratedTimestamp;
}
export type CaseAnswer = Selectable<CaseAnswerTable>;
export type NewCaseAnswer = Insertable<CaseAnswerTable>;

/** The assessor's verdict on one criterion of a case. */
export interface CaseReviewTable {
  case_id: number;
  criterion_id: number;
  verdict: ReviewVerdict;
  severity: FindingSeverity | null;
  comment: string | null;
  reviewed_by: string;
  reviewed_by_staff_id: number | null;
  reviewed_at: GeneratedTimestamp;
}
export type CaseReview = Selectable<CaseReviewTable>;
export type NewCaseReview = Insertable<CaseReviewTable>;

/** One evidence file, stored in the database with its SHA-256. */
export interface CaseEvidenceTable {
  id: Generated<number>;
  case_id: number;
  criterion_id: number | null;
  purpose: EvidencePurpose;
  file_name: string;
  media_type: EvidenceMediaType;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: GeneratedTimestamp;
}
export type CaseEvidence = Selectable<CaseEvidenceTable>;
export type NewCaseEvidence = Insertable<CaseEvidenceTable>;
export type CaseEvidenceUpdate = Updateable<CaseEvidenceTable>;
