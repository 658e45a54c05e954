import type { Permission } from '../../../api/admin/policy.ts';

/** What a page needs per method; `public` is the sign-in page only. A method not listed is refused. */
export interface AdminPage {
  readonly pattern: string;
  readonly get?: Permission | 'public';
  readonly post?: Permission | 'public';
  /**
   * The second-factor steps during which the page may be used (see secondFactorStep): the
   * sign-in's second step, enrolment when it is required, and signing out. Every other page
   * sends a session with a step to do to that step first.
   */
  readonly during?: readonly ('verify' | 'enrol')[];
}

/**
 * Every admin page and the permission each method needs. The middleware refuses any /admin path
 * not in this table (deny by default), and a test checks the table against the page files, so a
 * page cannot be added without deciding who may use it.
 */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { pattern: '/admin/sign-in', get: 'public', post: 'public' },
  { pattern: '/admin/sign-in/verify', get: 'self', post: 'self', during: ['verify'] },
  { pattern: '/admin/sign-out', post: 'self', during: ['verify', 'enrol'] },
  { pattern: '/admin/account', get: 'self', post: 'self' },
  { pattern: '/admin/security', get: 'self', post: 'self', during: ['enrol'] },
  { pattern: '/admin/security/totp', get: 'self', post: 'self', during: ['enrol'] },
  { pattern: '/admin', get: 'admin.read' },
  { pattern: '/admin/organisations', get: 'admin.read' },
  { pattern: '/admin/organisations/new', get: 'registry.write', post: 'registry.write' },
  { pattern: '/admin/organisations/:slug', get: 'admin.read', post: 'registry.write' },
  { pattern: '/admin/certifications', get: 'admin.read' },
  { pattern: '/admin/certifications/:publicId', get: 'admin.read', post: 'lifecycle' },
  { pattern: '/admin/certifications/:publicId/:action', get: 'lifecycle', post: 'lifecycle' },
  { pattern: '/admin/events', get: 'admin.read' },
  { pattern: '/admin/reports', get: 'admin.read', post: 'reports.handle' },
  { pattern: '/admin/keys', get: 'admin.read', post: 'keys.rotate' },
  { pattern: '/admin/staff', get: 'staff.manage', post: 'staff.manage' },
  { pattern: '/admin/tokens', get: 'tokens.manage', post: 'tokens.manage' },
  { pattern: '/admin/import', get: 'import', post: 'import' },
  { pattern: '/admin/audit', get: 'audit.read' },
  { pattern: '/admin/outbox', get: 'outbox.read' },
  { pattern: '/admin/schemes', get: 'schemes.manage', post: 'schemes.manage' },
  { pattern: '/admin/schemes/:slug', get: 'schemes.manage', post: 'schemes.manage' },
  { pattern: '/admin/cases/:id', get: 'admin.read', post: 'lifecycle' },
  { pattern: '/admin/queue', get: 'admin.read', post: 'lifecycle' },
  { pattern: '/admin/cases/:id/evidence', get: 'admin.read', post: 'lifecycle' },
  { pattern: '/admin/cases/:id/evidence/:evidence', get: 'admin.read' },
];

const compiled = ADMIN_PAGES.map((page) => ({
  page,
  regex: new RegExp(`^${page.pattern.replace(/:\w+/g, '[^/]+')}/?$`),
  literal: !page.pattern.includes(':'),
}));

export function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/** The page a path belongs to; literal patterns win over parameters (`/new` is not a slug). */
export function matchAdminPage(pathname: string): AdminPage | null {
  return (
    compiled.find((c) => c.literal && c.regex.test(pathname))?.page ??
    compiled.find((c) => !c.literal && c.regex.test(pathname))?.page ??
    null
  );
}
