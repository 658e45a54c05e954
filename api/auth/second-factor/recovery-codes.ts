import { randomInt } from 'node:crypto';
import { secretHash } from '../secrets.ts';

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper. 31 symbols, 16 of them: 79 bits per code, so a
// plain SHA-256 is enough to store them (nothing to brute-force, as with our tokens).
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 16;

/** Ten new recovery codes, `xxxx-xxxx-xxxx-xxxx`. Shown once; only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return chars.replace(/(.{4})(?=.)/g, '$1-');
  });
}

/** A typed recovery code in its stored form (lower case, dashes and spaces ignored), or null. */
export function normaliseRecoveryCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const chars = input.toLowerCase().replace(/[\s-]/g, '');
  if (chars.length !== LENGTH || ![...chars].every((c) => ALPHABET.includes(c))) return null;
  return chars.replace(/(.{4})(?=.)/g, '$1-');
}

/** What the database keeps of a recovery code. */
export const recoveryCodeHash = (code: string): string => secretHash(`recovery:${code}`);
