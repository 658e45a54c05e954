import type { Role } from '../../db/schema/staff-user.table.ts';
import type { MemberRole } from '../../db/schema/organisation-member.table.ts';

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
  'outbox.read',
  'schemes.manage',
] as const;

export type StaffPermission = (typeof PERMISSIONS)[number];

/**
 * What member actions need: `member.self` is a person's own account (profile, e-mail, sessions,
 * data, deletion); `organisation.view` any member of the organisation named by the action's
 * `organisation` input; `organisation.manage` an owner of it. Staff roles hold none of these, and
 * members hold no staff permission.
 */
export const MEMBER_PERMISSIONS = [
  'member.self',
  'organisation.view',
  'organisation.manage',
  // Any member (owner or editor) keeping the organisation's data: channels, details, requests.
  'organisation.edit',
] as const;
export type MemberPermission = (typeof MEMBER_PERMISSIONS)[number];

export type Permission = StaffPermission | MemberPermission;

/**
 * The whole authorisation model, in one table: admin does everything; an assessor keeps the
 * registry (organisations, assessments, the certification lifecycle, reports); a viewer reads.
 * Bulk import, keys, staff, tokens, the audit log, the mail outbox (people's addresses) and the
 * scheme editor are for admins only.
 */
const GRANTS: Readonly<Record<Role, readonly StaffPermission[]>> = {
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
  return (GRANTS[role] as readonly Permission[]).includes(permission);
}

/** The member roles' grants in an organisation they belong to. */
const MEMBER_GRANTS: Readonly<Record<MemberRole, readonly MemberPermission[]>> = {
  owner: MEMBER_PERMISSIONS,
  editor: ['member.self', 'organisation.view', 'organisation.edit'],
};

export function isMemberPermission(permission: Permission): permission is MemberPermission {
  return (MEMBER_PERMISSIONS as readonly string[]).includes(permission);
}

/**
 * The member decision: `hidden` when the organisation is not theirs (answered as 404, so a member
 * of one organisation learns nothing of another), `deny` when their role there is too low (403).
 * `role` is the person's role in the organisation the action names, or null when it names none.
 */
export function memberCan(
  role: MemberRole | null,
  permission: Permission | null | undefined,
): 'allow' | 'deny' | 'hidden' {
  if (!permission || !isMemberPermission(permission)) return 'deny';
  if (permission === 'member.self') return 'allow';
  if (!role) return 'hidden';
  return MEMBER_GRANTS[role].includes(permission) ? 'allow' : 'deny';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
