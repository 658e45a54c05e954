import type { AstroCookies } from 'astro';
import type { ReadFloorCookie } from '../../api/http/read-floor.ts';

/**
 * `onReadFloor` for a page's action context: with replicas, the person who just wrote (staff or
 * member) reads from a replica that has replayed the write, through this cookie.
 */
export const setReadFloorCookie =
  (cookies: AstroCookies) =>
  (cookie: ReadFloorCookie): void =>
    cookies.set(cookie.name, cookie.value, {
      path: '/',
      maxAge: cookie.maxAge,
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
    });
