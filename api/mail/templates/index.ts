import type { MailTemplate } from '../template.ts';
import { expiryReminder } from './expiry-reminder.ts';
import { memberEmailChange } from './member-email-change.ts';
import { memberEmailChanged } from './member-email-changed.ts';
import { memberInvitation } from './member-invitation.ts';
import { memberSignIn } from './member-sign-in.ts';
import { certificationStatusMail } from './certification-status.ts';
import { sightingDigest } from './sighting-digest.ts';
import { caseChangesRequested } from './case-changes-requested.ts';
import { organisationRequestDecided } from './organisation-request-decided.ts';
import { applicationConfirm } from './application-confirm.ts';
import { applicationAccessRequest } from './application-access-request.ts';

/** Every message the registry sends, by name; one file per template beside this one. */
export const mailTemplates: Record<string, MailTemplate> = Object.fromEntries(
  [
    expiryReminder,
    memberSignIn,
    memberInvitation,
    memberEmailChange,
    memberEmailChanged,
    certificationStatusMail,
    sightingDigest,
    caseChangesRequested,
    organisationRequestDecided,
    applicationConfirm,
    applicationAccessRequest,
  ].map((t) => [t.name, t]),
);
