import type { Migration } from 'kysely/migration';
import * as initialSchema from './2026-11-23T0000-initial-schema.ts';
import * as search from './2026-11-23T0100-search.ts';
import * as admin from './2026-11-23T0200-admin.ts';
import * as qualifiedSearchFunctions from './2026-11-23T0250-qualified-search-functions.ts';
import * as searchSpeed from './2026-11-23T0300-search-speed.ts';
import * as accountsAndTokens from './2026-12-03T0900-accounts-and-tokens.ts';
import * as stripBidiControls from './2026-12-03T0910-strip-bidi-controls.ts';
import * as outbox from './2026-12-03T1000-outbox.ts';
import * as members from './2026-12-03T1005-members.ts';
import * as passkeys from './2026-12-03T1010-passkeys.ts';
import * as staffSecondFactor from './2026-12-03T1010-staff-second-factor.ts';
import * as memberAccess from './2026-12-03T1020-member-access.ts';
import * as jobsAndReminders from './2026-12-03T1030-jobs-and-reminders.ts';
import * as schemeVersions from './2026-12-03T1100-scheme-versions.ts';
import * as logPending from './2026-12-03T1200-log-pending.ts';
import * as logTree from './2026-12-03T1210-log-tree.ts';
import * as logBackfill from './2026-12-03T1220-log-backfill.ts';
import * as workflowCases from './2026-12-03T1300-workflow-cases.ts';
import * as domainProof from './2026-12-03T1400-domain-proof.ts';
import * as organisationRequests from './2026-12-03T1410-organisation-requests.ts';
import * as refusedStatus from './2026-12-03T1420-refused-status.ts';
import * as applications from './2026-12-03T1430-applications.ts';
import * as renewalGraceObjection from './2026-12-03T1440-renewal-grace-objection.ts';
import * as witness from './2026-12-03T1450-witness.ts';
import * as reopenAfterObjection from './2026-12-03T1500-reopen-after-objection.ts';
import * as assessmentBasis from './2026-12-03T1510-assessment-basis.ts';
import * as schemePageOrder from './2026-12-03T1520-scheme-page-order.ts';
import * as statusListFill from './2026-12-03T1530-status-list-fill.ts';
import * as reapplyAfterRefusal from './2026-12-03T1540-reapply-after-refusal.ts';
import * as boundedNameSearch from './2026-12-04T0900-bounded-name-search.ts';

/**
 * Every migration, by name, in order. An explicit list (not a folder scan) so bundlers keep them
 * and so a database that knows a name missing here is recognised as written by a newer version.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0000-initial-schema': initialSchema,
  '2026-11-23T0100-search': search,
  '2026-11-23T0200-admin': admin,
  '2026-11-23T0250-qualified-search-functions': qualifiedSearchFunctions,
  '2026-11-23T0300-search-speed': searchSpeed,
  '2026-12-03T0900-accounts-and-tokens': accountsAndTokens,
  '2026-12-03T0910-strip-bidi-controls': stripBidiControls,
  '2026-12-03T1000-outbox': outbox,
  '2026-12-03T1005-members': members,
  '2026-12-03T1010-passkeys': passkeys,
  '2026-12-03T1010-staff-second-factor': staffSecondFactor,
  '2026-12-03T1020-member-access': memberAccess,
  '2026-12-03T1030-jobs-and-reminders': jobsAndReminders,
  '2026-12-03T1100-scheme-versions': schemeVersions,
  '2026-12-03T1200-log-pending': logPending,
  '2026-12-03T1210-log-tree': logTree,
  '2026-12-03T1220-log-backfill': logBackfill,
  '2026-12-03T1300-workflow-cases': workflowCases,
  '2026-12-03T1400-domain-proof': domainProof,
  '2026-12-03T1410-organisation-requests': organisationRequests,
  '2026-12-03T1420-refused-status': refusedStatus,
  '2026-12-03T1430-applications': applications,
  '2026-12-03T1440-renewal-grace-objection': renewalGraceObjection,
  '2026-12-03T1450-witness': witness,
  '2026-12-03T1500-reopen-after-objection': reopenAfterObjection,
  '2026-12-03T1510-assessment-basis': assessmentBasis,
  '2026-12-03T1520-scheme-page-order': schemePageOrder,
  '2026-12-03T1530-status-list-fill': statusListFill,
  '2026-12-03T1540-reapply-after-refusal': reapplyAfterRefusal,
  '2026-12-04T0900-bounded-name-search': boundedNameSearch,
};
