import type { Route } from './route.ts';
import { adminHandler, type AdminEndpoint } from '../auth/api-guard.ts';
import type { Operation } from '../admin/perform.ts';
import * as org from '../handlers/admin-organisations.ts';
import * as cert from '../handlers/admin-certifications.ts';
import { assessOp, lifecycleOps } from '../handlers/admin-lifecycle.ts';
import * as log from '../handlers/admin-registry-log.ts';
import * as keys from '../handlers/admin-keys.ts';
import * as staff from '../handlers/admin-staff.ts';
import * as tokens from '../handlers/admin-tokens.ts';
import * as account from '../handlers/admin-account.ts';
import * as auditOps from '../handlers/admin-audit.ts';
import { importOp } from '../handlers/admin-import.ts';
import { inviteMemberOp, listMembersOp } from '../member/staff-ops.ts';
import { listOutboxOp } from '../handlers/admin-outbox.ts';
import * as schemes from '../handlers/admin-schemes.ts';
import * as domainRequests from '../domains/staff-ops.ts';
import * as cases from '../workflow/staff-case-ops.ts';
import { caseQueueOp, decideCaseOp } from '../handlers/admin-cases.ts';
import * as requests from '../member/request-review-ops.ts';
import * as evidence from '../workflow/evidence-ops.ts';
import { evidenceResponse } from '../workflow/evidence-reply.ts';
import * as access from '../workflow/access-ops.ts';

const BASE = '/api/v1/admin';

/** One admin API route: every one runs its operation through the guard, which checks token and role. */
function route(
  method: string,
  path: string,
  op: Operation<any>,
  options: Omit<AdminEndpoint, 'op'> = {},
): Route {
  const endpoint: AdminEndpoint = { op, ...options };
  return {
    method,
    path: `${BASE}${path}`,
    group: 'admin-api',
    permission: op.permission,
    operation: op.name,
    ...(options.status ? { successStatus: options.status } : {}),
    handler: adminHandler(endpoint),
  };
}

const created = { status: 201 };

/** The admin API: Bearer tokens only (no cookies, so no CSRF), JSON in and out, problem+json errors. */
export const adminRoutes: Route[] = [
  route('GET', '/me', account.whoAmIOp),
  route('GET', '/organisations', org.listOrganisationsOp),
  route('POST', '/organisations', org.createOrganisationOp, created),
  route('GET', '/organisations/:slug', org.getOrganisationOp),
  route('PATCH', '/organisations/:slug', org.updateOrganisationOp),
  route('POST', '/organisations/:slug/domains', org.addDomainOp, created),
  route('DELETE', '/organisations/:slug/domains/:hostname', org.removeDomainOp),
  route('POST', '/organisations/:slug/channels', org.addChannelOp, created),
  route('DELETE', '/organisations/:slug/channels/:id', org.removeChannelOp),
  route('POST', '/organisations/:slug/merge', org.mergeOrganisationOp),
  route('GET', '/organisations/:slug/members', listMembersOp),
  route('POST', '/organisations/:slug/members/invitations', inviteMemberOp, created),
  route('GET', '/organisations/:slug/domain-requests', domainRequests.listDomainRequestsOp),
  route('POST', '/organisations/:slug/domain-requests/:id/approve', domainRequests.approveDomainRequestOp),
  route('POST', '/organisations/:slug/domain-requests/:id/refuse', domainRequests.refuseDomainRequestOp),
  route('GET', '/certifications', cert.listCertificationsOp),
  route('POST', '/certifications', cert.createCertificationOp, created),
  route('GET', '/certifications/:publicId', cert.getCertificationOp),
  route('PUT', '/certifications/:publicId/assessments', assessOp),
  route('POST', '/certifications/:publicId/grant', lifecycleOps.grant),
  route('POST', '/certifications/:publicId/renew', lifecycleOps.renew),
  route('POST', '/certifications/:publicId/suspend', lifecycleOps.suspend),
  route('POST', '/certifications/:publicId/reinstate', lifecycleOps.reinstate),
  route('POST', '/certifications/:publicId/revoke', lifecycleOps.revoke),
  route('GET', '/cases', caseQueueOp),
  route('POST', '/cases/:id/decide', decideCaseOp),
  route('GET', '/events', log.listEventsOp),
  route('GET', '/events/chain', log.verifyEventChainOp),
  route('GET', '/reports', log.listReportsOp),
  route('POST', '/reports/:id/state', log.updateReportOp),
  route('GET', '/keys', keys.listKeysOp),
  route('POST', '/keys/rotate', keys.rotateKeyOp),
  route('GET', '/staff', staff.listStaffOp),
  route('POST', '/staff', staff.createStaffOp, created),
  route('PATCH', '/staff/:id', staff.updateStaffOp),
  route('POST', '/staff/:id/password', staff.resetPasswordOp),
  route('POST', '/staff/:id/unlock', staff.unlockStaffOp),
  route('POST', '/staff/:id/sign-out', staff.signOutStaffOp),
  route('GET', '/tokens', tokens.listTokensOp),
  route('POST', '/tokens', tokens.createTokenOp, created),
  route('POST', '/tokens/:id/revoke', tokens.revokeTokenOp),
  route('GET', '/audit', auditOps.listAuditOp),
  route('GET', '/audit/verify', auditOps.verifyAuditOp),
  route('POST', '/imports', importOp, { body: 'csv' }),
  route('GET', '/outbox', listOutboxOp),
  route('GET', '/schemes', schemes.listAdminSchemesOp),
  route('POST', '/schemes', schemes.createSchemeOp, created),
  route('GET', '/schemes/:slug', schemes.getAdminSchemeOp),
  route('POST', '/schemes/:slug/versions', schemes.startDraftOp, created),
  route('PUT', '/schemes/:slug/versions/:version', schemes.saveDraftOp),
  route('POST', '/schemes/:slug/versions/:version/publish', schemes.publishDraftOp),
  route('POST', '/certifications/:publicId/cases', cases.openCaseOp, created),
  route('GET', '/cases/:id', cases.getCaseOp),
  route('POST', '/cases/:id/review', cases.startReviewOp),
  route('PUT', '/cases/:id/reviews', cases.recordReviewsOp),
  route('POST', '/cases/:id/changes', cases.requestChangesOp),
  route('POST', '/cases/:id/grant', cases.grantCaseOp),
  route('POST', '/cases/:id/refuse', cases.refuseCaseOp),
  route('GET', '/organisations/:slug/requests', requests.listRequestsOp),
  route('POST', '/organisations/:slug/requests/:id/approve', requests.approveRequestOp),
  route('POST', '/organisations/:slug/requests/:id/refuse', requests.refuseRequestOp),
  route('GET', '/organisations/:slug/member-activity', requests.memberActivityOp),
  route('GET', '/cases/:case/evidence', evidence.adminListEvidenceOp),
  route('GET', '/organisations/:slug/access-requests', access.staffAccessRequestsOp),
  route('POST', '/organisations/:slug/access-requests/:request', access.staffDecideAccessOp),
  route('GET', '/cases/:case/evidence/:evidence', evidence.adminDownloadEvidenceOp, {
    respond: evidenceResponse,
  }),
];
