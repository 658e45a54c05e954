/**
 * Sign-in throttling, as pure rules. Per account: from the 5th wrong password in a row the
 * account is locked for 30 s, doubling per further failure up to 15 minutes. Attempts refused
 * during a lock do not extend it, and a browser that signed in to the account before may keep
 * trying (see db/staff/devices.ts), so nobody can be locked out for good by someone else's guesses.
 * An address that names no account (or a disabled one) is locked by the same rule, so the lock
 * tells a probe nothing about which addresses exist. Per client (IPv4 address, IPv6 /64): 20
 * attempts that did not succeed within 15 minutes, then a pause.
 */
export const ACCOUNT_THRESHOLD = 5;
export const ACCOUNT_FIRST_LOCK_MS = 30_000;
export const ACCOUNT_MAX_LOCK_MS = 15 * 60_000;
export const CLIENT_LIMIT = { attempts: 20, windowMs: 15 * 60_000 };

/** The end of the lock after `failures` wrong passwords in a row, or null below the threshold. */
export function accountLockUntil(failures: number, now: Date): Date | null {
  if (failures < ACCOUNT_THRESHOLD) return null;
  const steps = Math.min(failures - ACCOUNT_THRESHOLD, 10);
  const ms = Math.min(ACCOUNT_FIRST_LOCK_MS * 2 ** steps, ACCOUNT_MAX_LOCK_MS);
  return new Date(now.getTime() + ms);
}

/** Whole seconds until `until` (at least 1), for Retry-After and the message. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * The client a sign-in attempt is counted against: the IPv4 address itself, or the /64 of an IPv6
 * address (one subscriber usually gets a whole /64, so counting single IPv6 addresses would give
 * an attacker 2^64 fresh budgets). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function signInClientKey(address: string): string {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(':')) return bare.slice(0, 100);
  const [head = '', tail] = bare.split('::', 2) as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const prefix = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '') || '0');
  while (prefix.length < 4) prefix.push('0');
  return `${prefix.join(':')}::/64`.slice(0, 100);
}
