import type { AstroGlobal } from 'astro';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { memberSignInOptions, signInWithPasskey } from '../../../api/member/passkey-sign-in.ts';
import { memberSessionCookie } from '../../../api/member/cookies.ts';
import { randomBytes } from 'node:crypto';
import { KeurmerkError } from '../../../db/errors.ts';
import type { Lang } from '../../i18n/ui.ts';
import { localisedPath } from '../../i18n/ui.ts';
import { clientAddress } from '../client-address.ts';
import { safeMemberNext } from './access.ts';
import { memberFailure, type MemberOutcome } from './context.ts';

/**
 * The cookie that ties a passkey challenge to the browser it was shown to: random, HttpOnly, ten
 * minutes (a challenge lives five), sent only to us. Not a session: it signs no one in.
 */
function browserCookie(publicUrl: string) {
  const secure = publicUrl.startsWith('https:');
  return {
    name: secure ? '__Host-km_member_pk' : 'km_member_pk',
    options: { httpOnly: true, secure, sameSite: 'lax' as const, path: '/', maxAge: 600 },
  };
}

/** Options for the sign-in page's passkey button (null where passkeys cannot work). */
export async function passkeySignInOptions(
  astro: AstroGlobal,
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const deps = astro.locals.deps;
  const cookie = browserCookie(deps.config.publicUrl);
  const current = astro.cookies.get(cookie.name)?.value;
  const token = current && /^[\w-]{20,100}$/.test(current) ? current : randomBytes(32).toString('base64url');
  astro.cookies.set(cookie.name, token, cookie.options);
  return memberSignInOptions(deps, token);
}

/** The passkey form: a verified answer signs the browser in with a new member session. */
export async function passkeySignInFromForm(
  astro: AstroGlobal,
  lang: Lang,
  form: Record<string, string>,
): Promise<{ redirect: string } | MemberOutcome<never>> {
  const deps = astro.locals.deps;
  try {
    const signedIn = await signInWithPasskey(
      deps,
      {
        response: form['response'] ?? '',
        browserToken: astro.cookies.get(browserCookie(deps.config.publicUrl).name)?.value ?? '',
      },
      { clientAddress: clientAddress(astro), requestId: astro.locals.requestId },
    );
    const cookie = memberSessionCookie(deps.config.publicUrl);
    astro.cookies.set(cookie.name, signedIn.sessionToken, cookie.options);
    return { redirect: safeMemberNext(form['next'], localisedPath('/member', signedIn.language)) };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    return memberFailure(error, lang);
  }
}
