import type { AstroGlobal } from 'astro';
import { rotateKeyOp } from '../../../api/handlers/admin-keys.ts';
import type { Outcome } from './context.ts';
import { readForm } from './forms.ts';
import { actOnce } from './once.ts';
import { confirmed, unconfirmed } from './confirm.ts';

/**
 * The key rotation form: needs the box ticked, and runs at most once per form token. A repeated
 * submission lands where a successful one does, since the rotation it asked for happened.
 */
export async function rotateKeyAction(astro: AstroGlobal): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  if (!confirmed(form)) return unconfirmed(astro);
  const result = await actOnce(astro, form['once'], rotateKeyOp, { reason: form['reason'] ?? '' });
  if (result.repeated || result.value.ok) return { redirect: '/admin/keys?done=1' };
  return result.value;
}
