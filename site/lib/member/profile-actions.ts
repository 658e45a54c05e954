import type { AstroGlobal } from 'astro';
import {
  deleteAccountOp,
  requestEmailChangeOp,
  signOutEverywhereOp,
  updateProfileOp,
} from '../../../api/member/account-ops.ts';
import { memberSessionCookie } from '../../../api/member/cookies.ts';
import type { Lang } from '../../i18n/ui.ts';
import { localisedPath } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export type ProfileResult =
  | { redirect: string }
  | { action: 'profile' | 'email' | 'delete'; outcome: MemberOutcome<unknown>; email?: string };

/** The profile page's forms, told apart by their `action` field. */
export async function profileAction(astro: AstroGlobal, lang: Lang): Promise<ProfileResult> {
  const form = await readForm(astro.request);
  const cookie = memberSessionCookie(astro.locals.deps.config.publicUrl);
  const signIn = localisedPath('/member/sign-in', lang);
  switch (form['action']) {
    case 'profile': {
      const outcome = await memberAct(astro, lang, updateProfileOp, {
        name: form['name'],
        language: form['language'],
      });
      return { action: 'profile', outcome };
    }
    case 'email': {
      const outcome = await memberAct(astro, lang, requestEmailChangeOp, { email: form['email'] });
      return { action: 'email', outcome, email: form['email'] ?? '' };
    }
    case 'sign-out-everywhere':
      await memberAct(astro, lang, signOutEverywhereOp, {});
      astro.cookies.delete(cookie.name, { path: '/' });
      return { redirect: `${signIn}?notice=signed-out` };
    case 'delete': {
      const outcome = await memberAct(astro, lang, deleteAccountOp, {
        confirm: (form['confirm'] ?? '').trim().toLowerCase(),
      });
      if (!outcome.ok) return { action: 'delete', outcome };
      astro.cookies.delete(cookie.name, { path: '/' });
      return { redirect: `${signIn}?notice=deleted` };
    }
    default:
      astro.response.status = 400;
      return {
        action: 'profile',
        outcome: { ok: false, status: 400, code: 'invalid_form', message: '', field: null },
      };
  }
}
