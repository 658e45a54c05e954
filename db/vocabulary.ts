/**
 * The domain's plain values, written once. Validation, the lifecycle, the OpenAPI enums, pages,
 * route patterns and the demo generator import these lists instead of re-typing them, so a new
 * value is added in one place. The CHECK constraints in db/migrations stay as written: migrations
 * are frozen history, and a change here that needs one is a new migration.
 */

/**
 * Every status a certification can have. `expired` is derived from valid_until on read. `pending`
 * (an application) and `refused` are private: see PUBLIC_STATUSES.
 */
export const CERTIFICATION_STATUSES = [
  'pending',
  'active',
  'suspended',
  'revoked',
  'expired',
  'refused',
] as const;
export type Status = (typeof CERTIFICATION_STATUSES)[number];

/** What the certification table stores: every status but the derived `expired`. */
export const STORED_STATUSES = ['pending', 'active', 'suspended', 'revoked', 'refused'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

/**
 * The statuses the public sees (search, organisation pages, open data, the read API, the change
 * log): decisions only. An application (`pending`) and its refusal are private (issue 18).
 */
export const PUBLIC_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** The stored statuses of decided certifications: what makes an organisation public. */
export const DECIDED_STATUSES = ['active', 'suspended', 'revoked'] as const;

/** True when a certification in `status` may be shown to the public. */
export function isPublicStatus(status: string): status is PublicStatus {
  return (PUBLIC_STATUSES as readonly string[]).includes(status);
}

/** What staff can do to a certification; the rules live in db/certification/lifecycle.ts. */
export const LIFECYCLE_ACTIONS = ['grant', 'renew', 'suspend', 'reinstate', 'revoke', 'refuse'] as const;
export type Action = (typeof LIFECYCLE_ACTIONS)[number];

/** The kinds of row in the hash-chained certification_event table. */
export const EVENT_KINDS = [
  'created',
  'granted',
  'renewed',
  'suspended',
  'reinstated',
  'revoked',
  'refused',
  // Issue 18: a renewal under review past valid_until (grace period), an upheld objection.
  'renewal_under_review',
  'reinstated_after_objection',
  // An upheld objection to a refusal: the application is pending again (private, like the refusal).
  'reopened_after_objection',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Events of an application (its opening, its refusal, and its return to review after an upheld
 * objection): in the hash chain, never public.
 */
export const PRIVATE_EVENT_KINDS = ['created', 'refused', 'reopened_after_objection'] as const;

/**
 * What the public change log shows: every event but applications, derived expiries, and each
 * published version of a scheme (`scheme_published`, a row without an organisation).
 */
export const CHANGE_KINDS = [
  'granted',
  'renewed',
  'suspended',
  'reinstated',
  'revoked',
  'expired',
  'scheme_published',
  'renewal_under_review',
  'reinstated_after_objection',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** How much the association checked: shown wherever a status is shown. */
export const ASSURANCE_LEVELS = ['self_declared', 'reviewed', 'audited'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/**
 * Sectors the demo generator uses and the site translates. `organisation.sector` stays free text
 * (an association may type its own); a value outside this list is shown as written.
 */
export const KNOWN_SECTORS = [
  'energy',
  'telecom',
  'insurance',
  'banking',
  'retail',
  'travel',
  'healthcare',
  'public',
  'utilities',
  'logistics',
] as const;
export type KnownSector = (typeof KNOWN_SECTORS)[number];

/** The result of one criterion in an assessment. */
export const ASSESSMENT_RESULTS = ['met', 'not_met', 'not_applicable'] as const;
export type AssessmentResult = (typeof ASSESSMENT_RESULTS)[number];

/** Countries of registration; each has its own national registry id (KvK, KBO). */
export const COUNTRIES = ['NL', 'BE'] as const;
export type Country = (typeof COUNTRIES)[number];

/** Official contact channels a consumer can check. */
export const CHANNEL_KINDS = ['phone', 'email_domain', 'whatsapp', 'chat_url'] as const;
export type ContactChannelKind = (typeof CHANNEL_KINDS)[number];

/** Misuse reports: a badge on a foreign site, or a consumer's broken-promise report. */
export const REPORT_KINDS = ['foreign_domain', 'broken_promise'] as const;
export type MisuseKind = (typeof REPORT_KINDS)[number];

/** Where a report is in the association's queue. */
export const REPORT_STATES = ['open', 'handled', 'dismissed'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** Languages of scheme texts, badges and the public site. */
export const LANGUAGES = ['nl', 'en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** New public ids use lower case and digits without look-alikes (no l, o, 0, 1). */
export const PUBLIC_ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** Length of a new public id: 12 characters of 32 symbols is 60 bits. */
export const PUBLIC_ID_LENGTH = 12;
/**
 * What is accepted as a public id (wider than what is minted, as the database CHECK is), as a
 * source string for route patterns and OpenAPI `pattern`s, and anchored as a RegExp.
 */
export const PUBLIC_ID_PATTERN_SOURCE = '[a-z0-9]{8,32}';
export const PUBLIC_ID_PATTERN = new RegExp(`^${PUBLIC_ID_PATTERN_SOURCE}$`);

/** What a workflow case is about (db/workflow/): one certification's application, renewal, remediation or objection. */
export const CASE_KINDS = ['application', 'renewal', 'remediation', 'objection'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** Where a case is; the moves between them are the pure rules of db/workflow/stages.ts. */
export const CASE_STAGES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'decided',
  'withdrawn',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

/** How a case was decided; which outcomes a kind allows is in db/workflow/stages.ts. */
export const CASE_OUTCOMES = ['granted', 'refused', 'reinstated', 'revoked', 'upheld', 'rejected'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** An assessor's verdict on one criterion of a case, and how much a finding weighs. */
export const REVIEW_VERDICTS = ['accepted', 'finding'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
export const FINDING_SEVERITIES = ['mandatory', 'recommended'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** What an evidence file is for, and the only types accepted (decided by magic bytes, never by name). */
export const EVIDENCE_PURPOSES = ['answer', 'corrective', 'audit_report', 'objection'] as const;
export type EvidencePurpose = (typeof EVIDENCE_PURPOSES)[number];
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];
