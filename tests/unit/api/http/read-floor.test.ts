import { describe, expect, it } from 'vitest';
import {
  readFloor,
  readFloorCookie,
  setCookieHeader,
  READ_FLOOR_COOKIE,
} from '../../../../api/http/read-floor.ts';

const KEY = 'k'.repeat(32);
const now = new Date('2026-12-03T12:00:00Z');
const cookieOf = (lsn: bigint, key = KEY, ttl = 10) =>
  setCookieHeader(readFloorCookie(lsn, key, now, ttl, false)).split(';')[0]!;

describe('the read-your-writes cookie', () => {
  it('carries the WAL position back, among other cookies', () => {
    const header = `a=1; ${cookieOf(0x1234abcdn)}; b=2`;
    expect(readFloor(header, KEY, now)).toBe(0x1234abcdn);
    expect(readFloor(header, KEY, new Date(now.getTime() + 9_000))).toBe(0x1234abcdn);
  });

  it('is ignored once expired, when signed with another key, or altered', () => {
    const cookie = cookieOf(0x100n);
    expect(readFloor(cookie, KEY, new Date(now.getTime() + 11_000))).toBeNull();
    expect(readFloor(cookieOf(0x100n, 'x'.repeat(32)), KEY, now)).toBeNull();
    // A client raising its own floor would push its reads onto the primary at will.
    expect(readFloor(cookie.replace('0/100', 'FF/100'), KEY, now)).toBeNull();
    expect(readFloor(`${READ_FLOOR_COOKIE}=garbage`, KEY, now)).toBeNull();
    expect(readFloor(cookie, null, now)).toBeNull();
    expect(readFloor(null, KEY, now)).toBeNull();
  });

  it('is HttpOnly, site-wide, and Secure on https', () => {
    const header = setCookieHeader(readFloorCookie(1n, KEY, now, 10, true));
    expect(header).toMatch(/; Path=\/; Max-Age=10; HttpOnly; SameSite=Lax; Secure$/);
  });
});
