import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import * as org from '../../../api/handlers/admin-organisations.ts';
import { createCertificationOp } from '../../../api/handlers/admin-certifications.ts';
import { inviteMemberOp } from '../../../api/member/staff-ops.ts';
import { approveDomainRequestOp, refuseDomainRequestOp } from '../../../api/domains/staff-ops.ts';
import { approveRequestOp, refuseRequestOp } from '../../../api/member/request-review-ops.ts';
import { act, adminLang, refused, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

// The forms on an organisation page, each a hidden `action` naming one admin operation.
const ACTIONS: Record<string, Operation<any>> = {
  update: org.updateOrganisationOp,
  domain_add: org.addDomainOp,
  domain_remove: org.removeDomainOp,
  channel_add: org.addChannelOp,
  channel_remove: org.removeChannelOp,
  merge: org.mergeOrganisationOp,
  certify: createCertificationOp,
  invite_member: inviteMemberOp,
  domain_request_approve: approveDomainRequestOp,
  domain_request_refuse: refuseDomainRequestOp,
  request_approve: approveRequestOp,
  request_refuse: refuseRequestOp,
};

/** Runs the posted form's operation; returns where to go on success, or the failure to show. */
export async function organisationAction(
  astro: AstroGlobal,
  slug: string,
): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const op = ACTIONS[form['action'] ?? ''];
  if (!op) return refused('unknown_action', adminLang(astro));
  if (form['action'] === 'merge' && form['confirm'] !== 'yes')
    return refused('confirm', adminLang(astro), 'confirm');
  const input =
    form['action'] === 'update'
      ? { ...form, outsourcedContactCentre: form['outsourcedContactCentre'] ?? 'false', slug }
      : form['action'] === 'certify'
        ? { ...form, organisation: slug }
        : { ...form, slug };
  const outcome = await act(astro, op, input);
  if (!outcome.ok) return outcome;
  if (form['action'] === 'merge')
    return { redirect: `/admin/organisations/${(outcome.value as { into: string }).into}?done=1` };
  if (form['action'] === 'certify')
    return { redirect: `/admin/certifications/${(outcome.value as { publicId: string }).publicId}?done=1` };
  return { redirect: `/admin/organisations/${slug}?done=1` };
}

/**
 * The new-organisation form. On a refusal the submitted values come back to refill the form;
 * unticked boxes and empty lists are sent as their explicit defaults.
 */
export async function createOrganisationAction(
  astro: AstroGlobal,
): Promise<{ redirect: string } | { outcome: Outcome<{ slug: string }>; values: Record<string, string> }> {
  const values = await readForm(astro.request);
  const outcome = await act(astro, org.createOrganisationOp, {
    ...values,
    outsourcedContactCentre: values['outsourcedContactCentre'] ?? 'false',
    tradeNames: values['tradeNames'] ?? '',
    domains: values['domains'] ?? '',
  });
  return outcome.ok ? { redirect: `/admin/organisations/${outcome.value.slug}?done=1` } : { outcome, values };
}
