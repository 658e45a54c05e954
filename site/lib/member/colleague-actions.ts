import type { AstroGlobal } from 'astro';
import {
  changeColleagueRoleOp,
  handOverOp,
  inviteColleagueOp,
  removeColleagueOp,
} from '../../../api/member/colleague-ops.ts';
import { memberDecideAccessOp } from '../../../api/workflow/access-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export interface ColleagueResult {
  action: string;
  outcome: MemberOutcome<unknown>;
  email?: string;
}

/**
 * The colleagues page's forms (owner actions: invite, change role, remove, hand over). The
 * organisation comes from the path, never the form; `perform` refuses an editor with 403.
 */
export async function colleagueAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
): Promise<ColleagueResult> {
  const form = await readForm(astro.request);
  const action = form['action'] ?? '';
  const input = {
    organisation,
    member: form['member'],
    role: form['role'],
    email: form['email'],
    request: form['request'],
    decision: form['decision'],
  };
  const op =
    action === 'invite'
      ? inviteColleagueOp
      : action === 'role'
        ? changeColleagueRoleOp
        : action === 'remove'
          ? removeColleagueOp
          : action === 'hand-over'
            ? handOverOp
            : action === 'access'
              ? memberDecideAccessOp
              : null;
  if (!op) {
    astro.response.status = 400;
    return { action, outcome: { ok: false, status: 400, code: 'invalid_form', message: '', field: null } };
  }
  return { action, outcome: await memberAct<unknown>(astro, lang, op, input), email: form['email'] ?? '' };
}
