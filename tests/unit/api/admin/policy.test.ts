import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, type Permission } from '../../../../api/admin/policy.ts';
import { accountLockUntil, ACCOUNT_MAX_LOCK_MS, ACCOUNT_THRESHOLD } from '../../../../api/auth/throttle.ts';
import { sessionCookie, deviceCookie } from '../../../../api/auth/cookies.ts';

// The real list, so a permission added to the policy is covered here without editing this file.
const ALL: readonly Permission[] = PERMISSIONS;

describe('roles', () => {
  it('admin may do everything', () => {
    for (const p of ALL) expect(can('admin', p)).toBe(true);
  });

  it('an assessor keeps the registry but not staff, tokens, keys, imports or the audit log', () => {
    const allowed = ALL.filter((p) => can('assessor', p));
    expect(allowed).toEqual(['self', 'admin.read', 'registry.write', 'lifecycle', 'reports.handle']);
  });

  it('a viewer only reads', () => {
    expect(ALL.filter((p) => can('viewer', p))).toEqual(['self', 'admin.read']);
  });

  it('roles nest: whatever a viewer may, an assessor may; whatever an assessor may, an admin may', () => {
    expect(ALL.length).toBeGreaterThan(0);
    expect(new Set(ALL).size).toBe(ALL.length);
    for (const p of ALL) {
      if (can('viewer', p)) expect(can('assessor', p), p).toBe(true);
      if (can('assessor', p)) expect(can('admin', p), p).toBe(true);
    }
  });

  it('denies by default: no role, unknown role, no permission, unknown permission', () => {
    expect(can(null, 'admin.read')).toBe(false);
    expect(can(undefined, 'self')).toBe(false);
    expect(can('root' as never, 'admin.read')).toBe(false);
    expect(can('toString' as never, 'admin.read')).toBe(false);
    for (const role of ROLES) {
      expect(can(role, undefined)).toBe(false);
      expect(can(role, 'everything' as never)).toBe(false);
    }
  });
});

describe('sign-in throttling', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  it('locks from the 5th failure, doubling, but never longer than 15 minutes', () => {
    expect(accountLockUntil(ACCOUNT_THRESHOLD - 1, now)).toBeNull();
    const first = accountLockUntil(ACCOUNT_THRESHOLD, now)!.getTime() - now.getTime();
    const second = accountLockUntil(ACCOUNT_THRESHOLD + 1, now)!.getTime() - now.getTime();
    expect(first).toBe(30_000);
    expect(second).toBe(60_000);
    for (const n of [10, 50, 1_000_000])
      expect(accountLockUntil(n, now)!.getTime() - now.getTime()).toBe(ACCOUNT_MAX_LOCK_MS);
  });
});

describe('cookies', () => {
  it('are HttpOnly and SameSite; Secure with the __Host- prefix on https', () => {
    expect(sessionCookie('http://127.0.0.1:4321')).toMatchObject({
      name: 'km_session',
      options: { httpOnly: true, secure: false, sameSite: 'lax', path: '/' },
    });
    expect(sessionCookie('https://keurmerk.example')).toMatchObject({
      name: '__Host-km_session',
      options: { httpOnly: true, secure: true, sameSite: 'lax', path: '/' },
    });
    expect(deviceCookie('https://keurmerk.example').options).toMatchObject({
      secure: true,
      sameSite: 'strict',
    });
  });
});

describe('admin page table', () => {
  it('matches literal pages before parameters and refuses unknown paths', async () => {
    const { matchAdminPage, isAdminPath } = await import('../../../../site/lib/admin/pages.ts');
    expect(matchAdminPage('/admin/organisations/new')?.pattern).toBe('/admin/organisations/new');
    expect(matchAdminPage('/admin/organisations/acme-12345678')?.pattern).toBe('/admin/organisations/:slug');
    expect(matchAdminPage('/admin/certifications/abcdefgh2345/revoke')?.pattern).toBe(
      '/admin/certifications/:publicId/:action',
    );
    expect(matchAdminPage('/admin/')?.pattern).toBe('/admin');
    expect(matchAdminPage('/admin/organisations/a/b/c')).toBeNull();
    expect(matchAdminPage('/admin/../etc')).toBeNull();
    expect(isAdminPath('/administrator')).toBe(false);
    expect(isAdminPath('/admin')).toBe(true);
  });

  it('sends people back to admin pages only after sign-in', async () => {
    const { safeNext } = await import('../../../../site/lib/admin/format.ts');
    expect(safeNext('/admin/events?cursor=abc')).toBe('/admin/events?cursor=abc');
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/admin\\@evil',
      '/public',
      null,
      '/admin/<script>',
    ])
      expect(safeNext(bad)).toBe('/admin');
  });
});
