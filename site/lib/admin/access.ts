import type { Deps } from '../../../api/app/deps.ts';
import { authenticateStaffSession } from '../../../api/auth/authenticate.ts';
import { secondFactorStep, type SecondFactorStep } from '../../../api/auth/second-factor/policy.ts';
import { sessionCookie } from '../../../api/auth/cookies.ts';
import { can } from '../../../api/admin/policy.ts';
import type { StaffPrincipal } from '../../../api/admin/principal.ts';
import { errorMessage } from '../../../db/errors.ts';
import { matchAdminPage } from './pages.ts';

export type AdminAccess =
  | { kind: 'allow'; staff: StaffPrincipal | null; step: SecondFactorStep }
  | { kind: 'sign-in'; staff: null; location: string }
  | { kind: 'refuse'; staff: StaffPrincipal | null; status: 403 | 404 | 405 };

/** Where a session with a second-factor step to do is sent first. */
export const STEP_PAGES = { verify: '/admin/sign-in/verify', enrol: '/admin/security' } as const;

/**
 * Decides an admin page request before the page runs: unknown paths and methods are refused,
 * anonymous visitors go to the sign-in page, and the role must allow the method's permission
 * (the same `can` the admin API uses). Pages never decide this themselves.
 */
export async function adminAccess(
  deps: Deps,
  request: { method: string; url: URL; cookie: (name: string) => string | undefined },
): Promise<AdminAccess> {
  const page = matchAdminPage(request.url.pathname);
  if (!page) return { kind: 'refuse', staff: null, status: 404 };
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const needs = method === 'GET' ? page.get : method === 'POST' ? page.post : undefined;
  if (!needs) return { kind: 'refuse', staff: null, status: 405 };
  const session = await authenticateStaffSession(
    deps.database.db,
    request.cookie(sessionCookie(deps.config.publicUrl).name),
    deps.now(),
  );
  const step = session ? secondFactorStep(session, deps.config.staffMfa) : null;
  // Only a session with nothing left to do is a signed-in staff member on the public page.
  if (needs === 'public')
    return { kind: 'allow', staff: session && !step ? session.principal : null, step: null };
  const next = method === 'GET' ? `${request.url.pathname}${request.url.search}` : '/admin';
  if (!session)
    return { kind: 'sign-in', staff: null, location: `/admin/sign-in?next=${encodeURIComponent(next)}` };
  // A second factor to give or to enrol comes before anything else (deny by default).
  if (step && !page.during?.includes(step))
    return { kind: 'sign-in', staff: null, location: `${STEP_PAGES[step]}?next=${encodeURIComponent(next)}` };
  const staff = session.principal;
  return can(staff.role, needs) ? { kind: 'allow', staff, step } : { kind: 'refuse', staff, status: 403 };
}

/** A small page for a refused request (the middleware answers it before any page runs). */
export function refusal(status: 403 | 404 | 405, lang: 'nl' | 'en'): Response {
  const code = ({ 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed' } as const)[status];
  const text = errorMessage(code, lang);
  const back = lang === 'nl' ? 'Naar het beheer' : 'To the admin area';
  const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${status}</title></head><body><main><h1>${status}</h1><p>${text}</p><p><a href="/admin">${back}</a></p></main></body></html>`;
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      ...(status === 405 ? { allow: 'GET, POST' } : {}),
    },
  });
}
