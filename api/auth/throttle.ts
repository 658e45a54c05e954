/**
 * Sign-in throttling, as pure rules. Per account: from the 5th wrong password in a row the
 * account is locked for 30 s, doubling per further failure up to 15 minutes. Attempts refused
 * during a lock do not extend it, and a browser that signed in to the account before may keep
 * trying (see db/staff/devices.ts), so nobody can be locked out for good by someone else's guesses.
 * An address that names no account (or a disabled one) is locked by the same rule, so the lock
 * tells a probe nothing about which addresses exist. Per client network (the registry's one
 * client rule, `clientNetwork`: IPv4 /24, IPv6 /56): 20 attempts that did not succeed within 15
 * minutes, then a pause.
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
