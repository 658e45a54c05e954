import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import { removeChannelOp, requestChannelOp } from '../../../api/member/channel-ops.ts';
import { requestIdentityChangeOp, updateDetailsOp } from '../../../api/member/details-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export interface PortalResult {
  action: string;
  outcome: MemberOutcome<unknown>;
  /** The submitted fields, to refill a refused form (never anything secret here). */
  values: Record<string, string>;
}

const OPS: Record<string, Record<string, Operation<any>>> = {
  channels: { request: requestChannelOp, remove: removeChannelOp },
  details: { update: updateDetailsOp, identity: requestIdentityChangeOp },
};

/**
 * A form of the channels or details page, told apart by its `action` field. The organisation
 * comes from the path, never the form; `perform` checks membership (404) and role.
 */
export async function portalAction(
  astro: AstroGlobal,
  lang: Lang,
  page: keyof typeof OPS,
  organisation: string,
): Promise<PortalResult> {
  const values = await readForm(astro.request);
  const action = values['action'] ?? '';
  const op = Object.hasOwn(OPS[page]!, action) ? OPS[page]![action] : undefined;
  if (!op) {
    astro.response.status = 400;
    return {
      action,
      values,
      outcome: { ok: false, status: 400, code: 'unknown_action', message: '', field: null },
    };
  }
  return { action, values, outcome: await memberAct<unknown>(astro, lang, op, { ...values, organisation }) };
}
