import type { AstroGlobal } from 'astro';
import { requestSignInLink } from '../../../api/member/request-sign-in.ts';
import { useLink } from '../../../api/member/use-link.ts';
import { memberSessionCookie } from '../../../api/member/cookies.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import { passkeysAvailable } from '../../../api/auth/webauthn/relying-party.ts';
import type { Lang } from '../../i18n/ui.ts';
import { localisedPath } from '../../i18n/ui.ts';
import { clientAddress } from '../client-address.ts';
import { readForm } from '../admin/forms.ts';
import { memberFailure, type MemberOutcome } from './context.ts';
import { passkeySignInFromForm } from './passkey-sign-in.ts';

/** Passkeys need a domain name as relying-party id; an IP address cannot be one. */
export const passkeysPossible = passkeysAvailable;

/**
 * The sign-in page's two forms: the passkey button (`action=passkey`), which ends signed in or
 * refused, and the e-mail form, whose answer is the same whether or not the address has an account.
 */
export async function signInAction(
  astro: AstroGlobal,
  lang: Lang,
): Promise<{ redirect: string } | MemberOutcome<null>> {
  const form = await readForm(astro.request);
  if (form['action'] === 'passkey') return passkeySignInFromForm(astro, lang, form);
  return requestLink(astro, lang, form);
}

async function requestLink(
  astro: AstroGlobal,
  lang: Lang,
  form: Record<string, string>,
): Promise<MemberOutcome<null>> {
  try {
    await requestSignInLink(astro.locals.deps, {
      email: form['email'],
      language: lang,
      clientAddress: clientAddress(astro),
    });
    return { ok: true, value: null };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    if (error.code === 'rate_limited')
      astro.response.headers.set('retry-after', String(error.details['retryAfter'] ?? 900));
    return memberFailure(error, lang);
  }
}

/**
 * The link page's button: uses the link once and signs the browser in with a new session (any
 * session it had before is not carried over). Lands on the person's own language.
 */
export async function useLinkFromForm(
  astro: AstroGlobal,
  lang: Lang,
): Promise<{ redirect: string } | MemberOutcome<never>> {
  const form = await readForm(astro.request);
  const deps = astro.locals.deps;
  try {
    const used = await useLink(
      deps,
      form['token'] ?? '',
      { name: form['name'], language: lang },
      {
        clientAddress: clientAddress(astro),
        requestId: astro.locals.requestId,
      },
    );
    const cookie = memberSessionCookie(deps.config.publicUrl);
    astro.cookies.set(cookie.name, used.sessionToken, cookie.options);
    const home = localisedPath('/member', used.language);
    return { redirect: used.organisation ? `${home}/org/${used.organisation}` : home };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    return memberFailure(error, lang);
  }
}
