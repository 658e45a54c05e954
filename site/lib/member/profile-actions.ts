import type { AstroGlobal } from 'astro';
import {
  deleteAccountOp,
  requestEmailChangeOp,
  signOutEverywhereOp,
  updateProfileOp,
} from '../../../api/member/account-ops.ts';
import { memberSessionCookie } from '../../../api/member/cookies.ts';
import {
  addMemberPasskeyOp,
  listMemberPasskeysOp,
  memberRegistrationOptions,
  removeMemberPasskeyOp,
  renameMemberPasskeyOp,
} from '../../../api/member/passkey-ops.ts';
import type { PasskeySummary } from '../../../db/webauthn/passkeys.ts';
import type { Lang } from '../../i18n/ui.ts';
import { localisedPath } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, memberOf, memberRead, type MemberOutcome } from './context.ts';

export type ProfileResult =
  | { redirect: string }
  | {
      action: 'profile' | 'email' | 'delete' | PasskeyAction;
      outcome: MemberOutcome<unknown>;
      email?: string;
    };

type PasskeyAction = 'passkey-add' | 'passkey-rename' | 'passkey-remove';

const PASSKEY_OPS = {
  'passkey-add': addMemberPasskeyOp,
  'passkey-rename': renameMemberPasskeyOp,
  'passkey-remove': removeMemberPasskeyOp,
} as const;

export interface PasskeySection {
  passkeys: PasskeySummary[];
  /** Options for adding one, or null where passkeys cannot work (PUBLIC_URL an IP address). */
  registerOptions: Awaited<ReturnType<typeof memberRegistrationOptions>>;
}

/** The profile's passkey list and a fresh challenge for adding one (bound to this session). */
export async function passkeySection(astro: AstroGlobal): Promise<PasskeySection> {
  return {
    passkeys: await memberRead(astro, listMemberPasskeysOp, {}),
    registerOptions: await memberRegistrationOptions(astro.locals.deps, memberOf(astro)),
  };
}

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
    case 'passkey-add':
    case 'passkey-rename':
    case 'passkey-remove': {
      const action = form['action'];
      const outcome = await memberAct(astro, lang, PASSKEY_OPS[action], {
        id: form['id'],
        name: form['name'],
        response: form['response'],
      });
      return { action, outcome };
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
