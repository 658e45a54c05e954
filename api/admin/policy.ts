import type { Role } from '../../db/schema/staff-user.table.ts';

export type { Role };
export const ROLES: readonly Role[] = ['admin', 'assessor', 'viewer'];

/**
 * What an action needs. Every admin page and admin API route names one; `self` covers a signed-in
 * person's own session and password, which every role may manage. Listed as a value so tests and
 * tools enumerate the real list instead of a copy.
 */
export const PERMISSIONS = [
  'self',
  'admin.read',
  'registry.write',
  'lifecycle',
  'reports.handle',
  'import',
  'keys.rotate',
  'staff.manage',
  'tokens.manage',
  'audit.read',
  'schemes.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * The whole authorisation model, in one table: admin does everything; an assessor keeps the
 * registry (organisations, assessments, the certification lifecycle, reports); a viewer reads.
 * Bulk import, keys, staff, tokens, the audit log and the scheme editor are for admins only.
 */
const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  assessor: ['self', 'admin.read', 'registry.write', 'lifecycle', 'reports.handle'],
  viewer: ['self', 'admin.read'],
};

/**
 * The one authorisation decision, used by the admin API guard, the page middleware and every
 * operation. Deny by default: no role, an unknown role or no permission named means no.
 */
export function can(role: Role | null | undefined, permission: Permission | null | undefined): boolean {
  if (!role || !permission || !Object.hasOwn(GRANTS, role)) return false;
  return GRANTS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
