import type { AstroGlobal } from 'astro';
import { changeOwnPasswordOp, signOutEverywhereOp } from '../../../api/handlers/admin-account.ts';
import { act, type Outcome } from './context.ts';
import { readForm } from './forms.ts';
import { signOut } from './sign-in.ts';

/**
 * The forms of the own-account page: change the password or sign out everywhere. Either ends
 * this session too, so success goes to the sign-in page; an unknown form is ignored (null).
 */
export async function accountAction(
  astro: AstroGlobal,
): Promise<{ redirect: string } | Outcome<unknown> | null> {
  const form = await readForm(astro.request);
  if (form['action'] === 'password') {
    const outcome = await act(astro, changeOwnPasswordOp, {
      currentPassword: form['currentPassword'],
      newPassword: form['newPassword'],
    });
    if (!outcome.ok) return outcome;
    await signOut(astro);
    return { redirect: '/admin/sign-in?notice=password-changed' };
  }
  if (form['action'] === 'everywhere') {
    const outcome = await act(astro, signOutEverywhereOp, {});
    if (!outcome.ok) return outcome;
    await signOut(astro);
    return { redirect: '/admin/sign-in?notice=signed-out' };
  }
  return null;
}
