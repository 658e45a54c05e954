import { SESSION_ABSOLUTE_MS } from '../../db/staff/sessions.ts';

export interface CookieSpec {
  name: string;
  options: {
    httpOnly: true;
    secure: boolean;
    sameSite: 'lax' | 'strict';
    path: string;
    maxAge: number;
  };
}

/**
 * The session cookie: HttpOnly, SameSite=Lax, Secure and `__Host-` prefixed when the public URL
 * is https (the prefix makes the browser refuse it from a subdomain or over plain http).
 */
export function sessionCookie(publicUrl: string): CookieSpec {
  const secure = publicUrl.startsWith('https:');
  return {
    name: secure ? '__Host-km_session' : 'km_session',
    options: {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      path: '/',
      maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
    },
  };
}

/** The known-device cookie: only sent to the sign-in page, kept for 180 days. */
export function deviceCookie(publicUrl: string): CookieSpec {
  const secure = publicUrl.startsWith('https:');
  return {
    name: 'km_device',
    options: { httpOnly: true, secure, sameSite: 'strict', path: '/admin/sign-in', maxAge: 180 * 86_400 },
  };
}
