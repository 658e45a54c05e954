import { MEMBER_SESSION_ABSOLUTE_MS } from '../../db/member/sessions.ts';
import type { CookieSpec } from '../auth/cookies.ts';

/**
 * The member session cookie: a name of its own (a member cookie is never read as a staff session
 * nor the other way round), HttpOnly, SameSite=Lax, `__Host-` and Secure over https.
 */
export function memberSessionCookie(publicUrl: string): CookieSpec {
  const secure = publicUrl.startsWith('https:');
  return {
    name: secure ? '__Host-km_member' : 'km_member',
    options: {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      path: '/',
      maxAge: Math.floor(MEMBER_SESSION_ABSOLUTE_MS / 1000),
    },
  };
}
