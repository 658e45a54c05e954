import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../../../api/auth/password.ts';
import { passwordProblem } from '../../../../api/auth/password-policy.ts';
import { looksLikeSecret, newSecret, secretHash } from '../../../../api/auth/secrets.ts';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('stores parameters and a per-user salt, never the password', async () => {
    const a = await hashPassword('correct horse battery staple', CHEAP);
    const b = await hashPassword('correct horse battery staple', CHEAP);
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', a)).toBe(false);
  });

  it('uses the tuned default cost (2^15, r=8) and asks to re-hash cheaper hashes', async () => {
    const strong = await hashPassword('correct horse battery staple');
    expect(strong.startsWith('scrypt$15$8$1$')).toBe(true);
    expect(needsRehash(strong)).toBe(false);
    expect(needsRehash(await hashPassword('x'.repeat(12), CHEAP))).toBe(true);
  });

  it('never matches a missing or malformed stored hash, and spends the work anyway', async () => {
    expect(await verifyPassword('anything at all', null)).toBe(false);
    expect(await verifyPassword('anything at all', 'plain-text')).toBe(false);
    expect(
      await verifyPassword('anything at all', 'scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43)),
    ).toBe(false);
  });

  it('normalises Unicode, so the same password typed on another keyboard still matches', async () => {
    const stored = await hashPassword('Ce\u0301line-van-der-Berg', CHEAP);
    expect(await verifyPassword('C\u00e9line-van-der-Berg', stored)).toBe(true);
  });
});

describe('password policy', () => {
  it.each([
    ['short', 'too_short'],
    ['x'.repeat(300), 'too_long'],
    ['aaaaaaaaaaaaaaaa', 'too_simple'],
    ['123456789012', 'too_simple'],
    ['Wachtwoord2024!', 'too_common'],
    ['P@ssw0rd123456', 'too_common'],
    ['passwordpassword', 'too_common'],
    ['qwertyuiop12!', 'too_common'],
    ['azertyuiop!!', 'too_common'],
    ['SuperPassword1!', 'too_common'],
    ['Welkom01Welkom01', 'too_common'],
    ['jan.jansen-1985', 'contains_email'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblem(password, 'jan.jansen@example.nl')).toBe(problem);
  });

  it.each([
    'correct horse battery staple',
    'Xylophone-abcd-river',
    'Tr0ub4dor&3-plus-more',
    'fietsbel kaasschaaf 42',
  ])('accepts %s', (password) => {
    expect(passwordProblem(password, 'jan.jansen@example.nl')).toBeNull();
  });
});

describe('bearer secrets', () => {
  it('are 256-bit, prefixed, and stored only as SHA-256', () => {
    const token = newSecret('kmt');
    expect(looksLikeSecret(token, 'kmt')).toBe(true);
    expect(looksLikeSecret(token, 'kms')).toBe(false);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(secretHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash(token)).not.toContain(token.slice(4, 12));
    expect(newSecret('kmt')).not.toBe(token);
  });
});
