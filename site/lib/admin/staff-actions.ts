import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import * as staff from '../../../api/handlers/admin-staff.ts';
import { resetSecondFactorOp } from '../../../api/handlers/admin-second-factor.ts';
import { act, adminLang, refused, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

const ACTIONS: Record<string, Operation<any>> = {
  create: staff.createStaffOp,
  role: staff.updateStaffOp,
  disable: staff.updateStaffOp,
  enable: staff.updateStaffOp,
  unlock: staff.unlockStaffOp,
  password: staff.resetPasswordOp,
  sign_out: staff.signOutStaffOp,
  reset_second_factor: resetSecondFactorOp,
};

/** The forms of the staff page, each naming one operation in a hidden `action` field. */
export async function staffAction(astro: AstroGlobal): Promise<Outcome<unknown>> {
  const form = await readForm(astro.request);
  const action = form['action'] ?? '';
  const op = ACTIONS[action];
  if (!op) return refused('unknown_action', adminLang(astro));
  const input =
    action === 'disable'
      ? { id: form['id'], disabled: 'true' }
      : action === 'enable'
        ? { id: form['id'], disabled: 'false' }
        : form;
  return act(astro, op, input);
}
