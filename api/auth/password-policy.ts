import { COMMON_PASSWORD_WORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
// scrypt's cost does not depend on length, but a megabyte "password" is still not one.
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'too_simple' | 'contains_email';

const COMMON = new Set(COMMON_PASSWORD_WORDS);
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
// Rows and runs people walk along; a password that is one walk is no password.
const WALKS = [
  '1234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  'abcdefghijklmnopqrstuvwxyz',
];

/** The letters of a password, lower case: the word people dress up with digits and symbols. */
function letters(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

/** The same with the digits and symbols around it dropped and l33t-speak undone (`P@ssw0rd12!` → `password`). */
function unleet(text: string): string {
  const core = text.toLowerCase().replace(/^[^a-z@$]+|[^a-z]+$/g, '');
  return letters(core.replace(/[0134573@$!]/g, (c) => LEET[c] ?? c));
}

/** A common word with at most five other letters around it (`superpassword` is still `password`). */
function dressedUp(word: string): boolean {
  if (word.length > 16) return false;
  for (const common of COMMON)
    if (common.length >= 5 && word.includes(common) && word.length - common.length <= 5) return true;
  return false;
}

/** `passwordpassword` → `password`: a word repeated is that word. */
function unrepeat(word: string): string {
  for (let size = 1; size <= word.length / 2; size++) {
    if (word.length % size === 0 && word.slice(0, size).repeat(word.length / size) === word)
      return word.slice(0, size);
  }
  return word;
}

function isWalk(text: string): boolean {
  if (text.length < 4) return false;
  return WALKS.some((row) => row.includes(text) || [...row].reverse().join('').includes(text));
}

/**
 * Checks a new password: length, a list of common passwords and their dressed-up forms, keyboard
 * walks, digits only, too few distinct characters, and the account's own e-mail name. Returns the
 * first problem, or null when the password may be used. (NIST SP 800-63B: length and a block
 * list, no composition rules.)
 */
export function passwordProblem(password: string, email = ''): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5 || /^[\d\s.\-/]+$/.test(password)) return 'too_simple';
  const words = [unrepeat(letters(password)), unrepeat(unleet(password))];
  if (words.some((w) => COMMON.has(w) || isWalk(w) || dressedUp(w)) || isWalk(lower)) return 'too_common';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'contains_email';
  return null;
}

/** The public explanation of a problem (English; the admin UI translates the code). */
export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
    case 'too_long':
      return `A password has at most ${MAX_PASSWORD_LENGTH} characters.`;
    case 'too_common':
      return 'This password is too common or too easy to guess; choose a longer phrase of unrelated words.';
    case 'too_simple':
      return 'This password uses too few different characters.';
    case 'contains_email':
      return 'A password must not contain the e-mail address.';
  }
}
