import type { Deps } from '../../../api/app/deps.ts';
import type { MemberPrincipal } from '../../../api/admin/principal.ts';
import { authenticateMember } from '../../../api/member/authenticate.ts';
import { memberSessionCookie } from '../../../api/member/cookies.ts';
import { matchMemberPage } from './pages.ts';

export type MemberAccess =
  | { kind: 'allow'; member: MemberPrincipal | null }
  | { kind: 'sign-in'; location: string }
  | { kind: 'refuse'; status: 404 | 405 };

/**
 * Decides a member page request before the page runs: unknown paths and methods are refused,
 * anonymous visitors go to the sign-in page of their language. Which organisation and role an
 * action needs is checked by `perform`, where a stranger to the organisation gets a 404.
 */
export async function memberAccess(
  deps: Deps,
  request: { method: string; url: URL; path: string; cookie: (name: string) => string | undefined },
): Promise<MemberAccess> {
  const page = matchMemberPage(request.path);
  if (!page) return { kind: 'refuse', status: 404 };
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const needs = method === 'GET' ? page.get : method === 'POST' ? page.post : undefined;
  if (!needs) return { kind: 'refuse', status: 405 };
  const member = await authenticateMember(
    deps.database.db,
    request.cookie(memberSessionCookie(deps.config.publicUrl).name),
    deps.now(),
  );
  if (needs === 'public' || member) return { kind: 'allow', member };
  const prefix = request.url.pathname.slice(0, request.url.pathname.length - request.path.length);
  const next = method === 'GET' ? `${request.url.pathname}${request.url.search}` : `${prefix}/member`;
  return { kind: 'sign-in', location: `${prefix}/member/sign-in?next=${encodeURIComponent(next)}` };
}

/** Only a path of our own portal may follow a sign-in (no open redirect). */
export function safeMemberNext(next: string | null | undefined, fallback: string): string {
  if (!next || !/^\/((en|fr)\/)?member(\/[\w\-./]*)?$/.test(next.split('?')[0]!) || next.includes('..'))
    return fallback;
  return next;
}
