import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N = 2^logN, block size r, parallelism p. Memory is 128·N·r bytes. */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8: 32 MiB and about 50–100 ms per hash on these machines — the OWASP minimum for
 * scrypt, and slow enough that an offline attack on a stolen table is expensive. Stored with each
 * hash, so raising it later only affects new hashes (old ones are re-hashed at the next sign-in).
 */
export const DEFAULT_COST: ScryptCost = { logN: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

// Each hash holds 32 MiB for ~100 ms; a burst of sign-in attempts must not exhaust memory.
const MAX_CONCURRENT = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** cost.logN,
    r: cost.r,
    p: cost.p,
    maxmem: 256 * 2 ** cost.logN * cost.r,
  };
  return withSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$logN$r$p$salt$hash` (base64url): everything needed to verify, never the password. */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([\w-]{16,64})\$([\w-]{32,128})$/;

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const cost = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.logN < 10 || cost.logN > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) return null;
  return { cost, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

// Verified when the e-mail address is unknown, so the answer takes as long as for a known one.
const DUMMY = `scrypt$${DEFAULT_COST.logN}$${DEFAULT_COST.r}$${DEFAULT_COST.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

/**
 * Checks a password against a stored hash in constant time. `null` as the stored hash spends the
 * same effort and returns false (unknown account). A malformed stored hash never matches.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? DUMMY);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return stored !== null && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when the stored hash was made with a lower cost than `cost` (re-hash at the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_COST): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.logN < cost.logN || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}
