import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Deps } from '../app/deps.ts';
import { formatLsn, parseLsn, type Lsn } from '../../db/platform/replicas/lsn.ts';

/**
 * Read-your-writes across replicas. After a staff member's (or member's) write, the answer sets a
 * short-lived cookie holding the primary's WAL position at that commit; that person's public reads
 * then go to a replica that has replayed it, or to the primary. The cookie is signed, so a client
 * cannot push its reads onto the primary with a made-up position, and it lives only as long as a
 * replica may lag: afterwards every replica still in use has the write.
 */
export const READ_FLOOR_COOKIE = 'km_read_floor';

const sign = (key: string, value: string) =>
  createHmac('sha256', key).update(value).digest('base64url').slice(0, 22);

/** The cookie naming `lsn` as the least position this client's reads must see. */
export interface ReadFloorCookie {
  readonly name: typeof READ_FLOOR_COOKIE;
  readonly value: string;
  readonly maxAge: number;
  readonly secure: boolean;
}

export function readFloorCookie(
  lsn: Lsn,
  key: string,
  now: Date,
  ttlSeconds: number,
  secure: boolean,
): ReadFloorCookie {
  const value = `${formatLsn(lsn)}.${Math.floor(now.getTime() / 1000) + ttlSeconds}`;
  return { name: READ_FLOOR_COOKIE, value: `${value}.${sign(key, value)}`, maxAge: ttlSeconds, secure };
}

/** The cookie as a Set-Cookie header value (the admin API; pages set it through Astro's cookies). */
export const setCookieHeader = (cookie: ReadFloorCookie) =>
  `${cookie.name}=${cookie.value}; Path=/; Max-Age=${cookie.maxAge}; HttpOnly; SameSite=Lax${cookie.secure ? '; Secure' : ''}`;

/** The position a request's cookie asks for, if signed by `key` and not expired; else null. */
export function readFloor(cookieHeader: string | null, key: string | null, now: Date): Lsn | null {
  if (!cookieHeader || !key) return null;
  const raw = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${READ_FLOOR_COOKIE}=`))
    ?.slice(READ_FLOOR_COOKIE.length + 1);
  const [lsn, expires, signature] = raw?.split('.') ?? [];
  if (!lsn || !expires || !signature) return null;
  const expected = Buffer.from(sign(key, `${lsn}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!/^\d+$/.test(expires) || Number(expires) * 1000 < now.getTime()) return null;
  return parseLsn(lsn);
}

/** How long the cookie lives: the longest a replica in use may trail, plus the health-check period. */
export const readFloorTtl = (deps: Deps) => deps.config.replicaMaxLagSeconds + 5;

/**
 * The database for a public read of this request: a replica fresh enough for this client (its own
 * recent write included), or the primary.
 */
export function publicReader(request: Request, deps: Deps): Kysely<Database> {
  if (!deps.reads.replicated) return deps.database.db;
  return deps.reads.reader(readFloor(request.headers.get('cookie'), deps.readFloorKey, deps.now()));
}

/** After a write: the cookie to send back, or null when there are no replicas to be behind. */
export async function readFloorAfterWrite(deps: Deps): Promise<ReadFloorCookie | null> {
  if (!deps.reads.replicated || !deps.readFloorKey) return null;
  const lsn = await deps.reads.writePosition();
  if (lsn === null) return null;
  const secure = deps.config.publicUrl.startsWith('https:');
  return readFloorCookie(lsn, deps.readFloorKey, deps.now(), readFloorTtl(deps), secure);
}
