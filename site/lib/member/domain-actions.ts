import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import {
  addDomainOp,
  proveDomainOp,
  removeDomainOp,
  requestDomainReviewOp,
  withdrawClaimOp,
} from '../../../api/member/domain-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export interface FormResult {
  action: string;
  outcome: MemberOutcome<unknown>;
}

/** Every owner action of the domains page, by the form's `action` value. */
export const DOMAIN_ACTIONS: Readonly<Record<string, Operation<unknown, any>>> = {
  add: addDomainOp,
  prove: proveDomainOp,
  review: requestDomainReviewOp,
  withdraw: withdrawClaimOp,
  remove: removeDomainOp,
};

/** An unknown action: 400, before anything runs. */
export function invalidForm(astro: AstroGlobal, action: string): FormResult {
  astro.response.status = 400;
  return { action, outcome: { ok: false, status: 400, code: 'invalid_form', message: '', field: null } };
}

/**
 * Runs one form of a portal page through `perform`. The organisation comes from the path, never
 * the form; `perform` refuses an editor with 403 and a stranger with 404.
 */
export async function portalAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
  actions: Readonly<Record<string, Operation<unknown, any>>>,
  fields: readonly string[],
): Promise<FormResult> {
  const form = await readForm(astro.request);
  const action = form['action'] ?? '';
  const op = Object.hasOwn(actions, action) ? actions[action] : undefined;
  if (!op) return invalidForm(astro, action);
  const input: Record<string, unknown> = { organisation };
  for (const field of fields) if (form[field] !== undefined) input[field] = form[field];
  return { action, outcome: await memberAct<unknown>(astro, lang, op, input) };
}

/** The domains page's forms. */
export const domainAction = (astro: AstroGlobal, lang: Lang, organisation: string) =>
  portalAction(astro, lang, organisation, DOMAIN_ACTIONS, ['hostname', 'claim']);
