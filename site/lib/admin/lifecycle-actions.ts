import type { AstroGlobal } from 'astro';
import { assessOp, lifecycleOps } from '../../../api/handlers/admin-lifecycle.ts';
import type { Action } from '../../../db/certification/lifecycle.ts';
import { act, type Outcome } from './context.ts';
import { assessmentsFrom, readForm } from './forms.ts';
import { actOnce } from './once.ts';
import { confirmed, unconfirmed } from './confirm.ts';

/** What a posted lifecycle form leads to; the submitted values come back to refill the form. */
export type LifecycleReply = { form: Record<string, string> } & (
  { redirect: string } | { repeated: true } | { outcome: Outcome<unknown> }
);

/**
 * The confirmation form of a lifecycle change (grant, suspend, revoke …): needs the box ticked
 * and a reason; grant and renew also take an assurance level and the assessments. Runs at most
 * once per form token, so a double click does not change the status twice.
 */
export async function lifecycleAction(
  astro: AstroGlobal,
  publicId: string,
  action: Action,
): Promise<LifecycleReply> {
  const form = await readForm(astro.request);
  const startsPeriod = action === 'grant' || action === 'renew';
  const input = {
    publicId,
    reason: form['reason'] ?? '',
    ...(startsPeriod
      ? { assuranceLevel: form['assuranceLevel'] ?? '', assessments: assessmentsFrom(form) }
      : {}),
  };
  if (!confirmed(form)) return { form, outcome: unconfirmed(astro) };
  const result = await actOnce(astro, form['once'], lifecycleOps[action], input);
  if (result.repeated) return { form, repeated: true };
  if (result.value.ok) return { form, redirect: `/admin/certifications/${publicId}?done=1` };
  return { form, outcome: result.value };
}

/** The assessment form on a certification's page: records the criteria's results. */
export async function assessAction(
  astro: AstroGlobal,
  publicId: string,
): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const outcome = await act(astro, assessOp, { publicId, assessments: assessmentsFrom(form) });
  return outcome.ok ? { redirect: `/admin/certifications/${publicId}?done=1` } : outcome;
}
