import type { ApiTokenTable } from './api-token.table.ts';
import type { AssessmentTable } from './assessment.table.ts';
import type { AuditLogTable } from './audit-log.table.ts';
import type { CertificationEventTable } from './certification-event.table.ts';
import type { CertificationTable } from './certification.table.ts';
import type { ContactChannelTable } from './contact-channel.table.ts';
import type { CredentialTable } from './credential.table.ts';
import type { CriterionTable } from './criterion.table.ts';
import type { IdempotencyKeyTable } from './idempotency-key.table.ts';
import type { LogPendingTable } from './log-pending.table.ts';
import type { LoginLockTable } from './login-lock.table.ts';
import type { MailMessageTable } from './mail-message.table.ts';
import type { MisuseReportTable } from './misuse-report.table.ts';
import type { OrganisationDomainTable } from './organisation-domain.table.ts';
import type { OrganisationTable } from './organisation.table.ts';
import type { RegistrySecretTable } from './registry-secret.table.ts';
import type { SchemeTable } from './scheme.table.ts';
import type { SessionTable } from './session.table.ts';
import type { SignInAttemptTable } from './sign-in-attempt.table.ts';
import type { SigningKeyTable } from './signing-key.table.ts';
import type { StaffDeviceTable } from './staff-device.table.ts';
import type { StaffUserTable } from './staff-user.table.ts';

/** The whole database as Kysely sees it; one file per table beside this one. */
export interface Database {
  scheme: SchemeTable;
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
}
