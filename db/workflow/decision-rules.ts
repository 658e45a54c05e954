import type { ErrorCode } from '../errors.ts';
import type { AssessmentResult, AssuranceLevel } from '../vocabulary.ts';

/** What a refused step answers with: a catalogue code and the details its message names. */
export interface Obstacle {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Levels at which the association vouches for more than the member's word: four eyes apply. */
export function needsFourEyes(level: AssuranceLevel): boolean {
  return level === 'reviewed' || level === 'audited';
}

/**
 * An answer needs an explanation when it claims something: `met` (how) and `not_applicable`
 * (why not). `not_met` speaks for itself.
 */
export function answerObstacle(answer: AssessmentResult, explanation: string | null): Obstacle | null {
  if (answer !== 'not_met' && !explanation?.trim()) return { code: 'explanation_required', details: {} };
  return null;
}

/** Criteria (by code) with no answer; a case is submitted only when this is empty. */
export function unanswered(criteria: readonly string[], answered: ReadonlySet<string>): string[] {
  return criteria.filter((code) => !answered.has(code));
}

export interface GrantFacts {
  readonly level: AssuranceLevel;
  /** `assuranceLevels` of the case's scheme version. */
  readonly allowedLevels: readonly AssuranceLevel[];
  /** The staff member deciding; null for a token without an owner, or the command line. */
  readonly deciderStaffId: number | null;
  /** Everyone who reviewed the case (started the review or judged a criterion); null when not a person. */
  readonly reviewerStaffIds: readonly (number | null)[];
  /** Criteria (codes) without a review verdict. */
  readonly unreviewed: readonly string[];
  /** Criteria (codes) with an open mandatory finding. */
  readonly mandatoryFindings: readonly string[];
  /** Audit-report evidence files attached to the case. */
  readonly auditReports: number;
}

/**
 * Why a case may not be granted at `level`, or null when it may. Pure: the decision function
 * gathers the facts under the case's lock and turns an obstacle into a catalogue error.
 *
 * A mandatory finding blocks every level. `reviewed` and `audited` rest on a review of every
 * criterion by someone other than the person granting (compared by staff id, so a token or the
 * command line without a person behind it cannot grant them), and `audited` on an audit report.
 */
export function grantObstacle(f: GrantFacts): Obstacle | null {
  if (!f.allowedLevels.includes(f.level))
    return { code: 'assurance_level_not_allowed', details: { allowed: f.allowedLevels.join(', ') } };
  if (f.mandatoryFindings.length > 0)
    return { code: 'mandatory_finding_open', details: { criteria: f.mandatoryFindings.join(', ') } };
  if (!needsFourEyes(f.level)) return null;
  if (f.unreviewed.length > 0)
    return { code: 'review_incomplete', details: { missing: f.unreviewed.join(', ') } };
  if (f.deciderStaffId === null) return { code: 'four_eyes_no_person', details: {} };
  if (
    f.reviewerStaffIds.length === 0 ||
    f.reviewerStaffIds.some((id) => id === null || id === f.deciderStaffId)
  )
    return { code: 'four_eyes', details: {} };
  if (f.level === 'audited' && f.auditReports === 0) return { code: 'audit_report_missing', details: {} };
  return null;
}
