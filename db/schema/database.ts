import type { ApiTokenTable } from './api-token.table.ts';
import type { AssessmentTable } from './assessment.table.ts';
import type { AuditLogTable } from './audit-log.table.ts';
import type {
  CaseAnswerTable,
  CaseEvidenceTable,
  CaseReviewTable,
  CertificationCaseTable,
} from './certification-case.table.ts';
import type { CertificationReminderTable } from './certification-reminder.table.ts';
import type { CertificationEventTable } from './certification-event.table.ts';
import type { CertificationTable } from './certification.table.ts';
import type { ContactChannelTable } from './contact-channel.table.ts';
import type { CredentialTable } from './credential.table.ts';
import type { CriterionTable } from './criterion.table.ts';
import type { IdempotencyKeyTable } from './idempotency-key.table.ts';
import type { JobRunTable } from './job-run.table.ts';
import type { LogCheckpointTable } from './log-checkpoint.table.ts';
import type { LogEntryTable } from './log-entry.table.ts';
import type { LogKeyTable } from './log-key.table.ts';
import type { LogExpiryTable } from './log-expiry.table.ts';
import type { LogPendingTable } from './log-pending.table.ts';
import type { LogTileTable } from './log-tile.table.ts';
import type { LoginLockTable } from './login-lock.table.ts';
import type { MailMessageTable } from './mail-message.table.ts';
import type { MemberSessionTable } from './member-session.table.ts';
import type { MemberTokenTable } from './member-token.table.ts';
import type { MemberUserTable } from './member-user.table.ts';
import type { MisuseReportTable } from './misuse-report.table.ts';
import type { OrganisationDomainTable } from './organisation-domain.table.ts';
import type { OrganisationMemberTable } from './organisation-member.table.ts';
import type { OrganisationTable } from './organisation.table.ts';
import type { PasskeyTable } from './passkey.table.ts';
import type { RegistrySecretTable } from './registry-secret.table.ts';
import type { SchemeTable } from './scheme.table.ts';
import type { SchemeVersionTable } from './scheme-version.table.ts';
import type { SessionTable } from './session.table.ts';
import type { SignInAttemptTable } from './sign-in-attempt.table.ts';
import type { SigningKeyTable } from './signing-key.table.ts';
import type { StaffDeviceTable } from './staff-device.table.ts';
import type { StaffRecoveryCodeTable } from './staff-recovery-code.table.ts';
import type { StaffTotpTable } from './staff-totp.table.ts';
import type { StaffUserTable } from './staff-user.table.ts';
import type { WebauthnChallengeTable } from './webauthn-challenge.table.ts';
import type { ApplicationRequestTable } from './application-request.table.ts';

/** The whole database as Kysely sees it; one file per table beside this one. */
export interface Database {
  scheme: SchemeTable;
  scheme_version: SchemeVersionTable;
  criterion: CriterionTable;
  organisation: OrganisationTable;
  organisation_domain: OrganisationDomainTable;
  contact_channel: ContactChannelTable;
  certification: CertificationTable;
  credential: CredentialTable;
  assessment: AssessmentTable;
  certification_event: CertificationEventTable;
  signing_key: SigningKeyTable;
  misuse_report: MisuseReportTable;
  staff_user: StaffUserTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  staff_device: StaffDeviceTable;
  audit_log: AuditLogTable;
  idempotency_key: IdempotencyKeyTable;
  login_lock: LoginLockTable;
  sign_in_attempt: SignInAttemptTable;
  registry_secret: RegistrySecretTable;
  mail_message: MailMessageTable;
  log_pending: LogPendingTable;
  log_entry: LogEntryTable;
  log_tile: LogTileTable;
  log_key: LogKeyTable;
  log_checkpoint: LogCheckpointTable;
  log_expiry: LogExpiryTable;
  member_user: MemberUserTable;
  organisation_member: OrganisationMemberTable;
  member_token: MemberTokenTable;
  member_session: MemberSessionTable;
  job_run: JobRunTable;
  certification_reminder: CertificationReminderTable;
  passkey: PasskeyTable;
  webauthn_challenge: WebauthnChallengeTable;
  staff_totp: StaffTotpTable;
  staff_recovery_code: StaffRecoveryCodeTable;
  certification_case: CertificationCaseTable;
  case_answer: CaseAnswerTable;
  case_review: CaseReviewTable;
  case_evidence: CaseEvidenceTable;
  application_request: ApplicationRequestTable;
}
