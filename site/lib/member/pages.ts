/**
 * Every member page, without its language prefix, and who may use each method: `public` (sign-in
 * and the one-time link page) or `member` (signed in; the operation then checks the organisation
 * and the role). The middleware refuses any /member path not listed here, and a test walks this
 * table, so a page cannot be added without deciding who may use it.
 */
export interface MemberPage {
  readonly pattern: string;
  readonly get?: 'public' | 'member';
  readonly post?: 'public' | 'member';
  /** Organisation pages: the owner actions among their POSTs (for the route walk). */
  readonly ownerPost?: boolean;
}

export const MEMBER_PAGES: readonly MemberPage[] = [
  { pattern: '/member/sign-in', get: 'public', post: 'public' },
  { pattern: '/member/link', get: 'public', post: 'public' },
  { pattern: '/member/sign-out', post: 'member' },
  { pattern: '/member', get: 'member' },
  { pattern: '/member/profile', get: 'member', post: 'member' },
  // Not /member/data: the public page /[...lang]/data would take it (lang = "member").
  { pattern: '/member/export', post: 'member' },
  { pattern: '/member/org/:slug', get: 'member' },
  { pattern: '/member/org/:slug/colleagues', get: 'member', post: 'member', ownerPost: true },
  { pattern: '/member/org/:slug/domains', get: 'member', post: 'member', ownerPost: true },
  { pattern: '/member/org/:slug/sightings', get: 'member', post: 'member', ownerPost: true },
  { pattern: '/member/org/:slug/notifications', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/cases', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/cases/:id', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/certifications/:publicId', get: 'member' },
  { pattern: '/member/org/:slug/certifications/:publicId/qr', get: 'member' },
  { pattern: '/member/org/:slug/channels', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/details', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/cases/:id/evidence', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/cases/:id/evidence/:evidence', get: 'member' },
  // Objections (issue 18): to a suspension or revocation, and to the refusal of an application.
  { pattern: '/member/org/:slug/certifications/:publicId/objection', get: 'member', post: 'member' },
  { pattern: '/member/org/:slug/cases/:id/objection', get: 'member', post: 'member' },
];

const compiled = MEMBER_PAGES.map((page) => ({
  page,
  regex: new RegExp(`^${page.pattern.replace(/:\w+/g, '[^/]+')}/?$`),
}));

/** The path without its `/en` or `/fr` prefix when it is a member path, else null. */
export function memberPath(pathname: string): string | null {
  const rest = pathname.replace(/^\/(en|fr)(?=\/|$)/, '');
  return rest === '/member' || rest.startsWith('/member/') ? rest : null;
}

export function matchMemberPage(path: string): MemberPage | null {
  return compiled.find((c) => c.regex.test(path))?.page ?? null;
}
