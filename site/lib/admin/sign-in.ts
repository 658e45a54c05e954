import type { AstroGlobal } from 'astro';
import { signIn } from '../../../api/auth/sign-in.ts';
import { deviceCookie, sessionCookie } from '../../../api/auth/cookies.ts';
import { revokeSession } from '../../../db/staff/sessions.ts';
import { secretHash } from '../../../api/auth/secrets.ts';
import { readForm } from './forms.ts';
import { safeNext } from './format.ts';
import { STEP_PAGES } from './access.ts';

export type SignInOutcome =
  { redirect: string } | { error: 'invalid' } | { error: 'throttled'; minutes: number };

function clientAddress(astro: AstroGlobal): string | null {
  try {
    return astro.clientAddress;
  } catch {
    return null;
  }
}

/**
 * Handles the sign-in form: throttled and audited checking (api/auth/sign-in.ts), then a new
 * session cookie. The session cookie sent with the form, if any, is ended: a session from before
 * sign-in is never the session after it.
 */
export async function signInFromForm(astro: AstroGlobal): Promise<SignInOutcome> {
  const { deps, requestId } = astro.locals;
  const form = await readForm(astro.request);
  const session = sessionCookie(deps.config.publicUrl);
  const device = deviceCookie(deps.config.publicUrl);
  const result = await signIn(deps.database.db, deps.now(), {
    email: form['email'],
    password: form['password'],
    clientAddress: clientAddress(astro),
    requestId,
    deviceToken: astro.cookies.get(device.name)?.value ?? null,
    previousSession: astro.cookies.get(session.name)?.value ?? null,
    staffMfa: deps.config.staffMfa,
  });
  if (!result.ok) {
    astro.response.status = result.reason === 'throttled' ? 429 : 401;
    if (result.reason === 'throttled') {
      astro.response.headers.set('retry-after', String(result.retryAfterSeconds));
      return { error: 'throttled', minutes: Math.ceil(result.retryAfterSeconds / 60) };
    }
    return { error: 'invalid' };
  }
  astro.cookies.set(session.name, result.sessionToken, session.options);
  if (result.deviceToken) astro.cookies.set(device.name, result.deviceToken, device.options);
  const next = safeNext(form['next'] ?? null);
  // The password alone opens nothing more: the second factor (or its enrolment) comes next.
  if (result.secondFactor)
    return { redirect: `${STEP_PAGES[result.secondFactor]}?next=${encodeURIComponent(next)}` };
  return { redirect: next };
}

/** Ends the current session and removes its cookie. */
export async function signOut(astro: AstroGlobal): Promise<void> {
  const { deps } = astro.locals;
  const session = sessionCookie(deps.config.publicUrl);
  const token = astro.cookies.get(session.name)?.value;
  if (token) await revokeSession(deps.database.db, secretHash(token), deps.now());
  astro.cookies.delete(session.name, { path: '/' });
}
