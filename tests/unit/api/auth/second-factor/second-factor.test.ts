import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import {
  groupedSecret,
  newTotpSecret,
  normaliseTotpCode,
  totpStep,
  totpUri,
} from '../../../../../api/auth/second-factor/totp.ts';
import { openSecret, sealSecret, sealingKey } from '../../../../../api/auth/second-factor/totp-seal.ts';
import {
  newRecoveryCodes,
  normaliseRecoveryCode,
  recoveryCodeHash,
} from '../../../../../api/auth/second-factor/recovery-codes.ts';
import { secondFactorStep, signInNeedsSecondStep } from '../../../../../api/auth/second-factor/policy.ts';

const NOW = new Date('2031-01-01T12:00:10Z'); // 10 s into a 30-second step
const code = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
const shift = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('TOTP codes', () => {
  const secret = newTotpSecret();

  it('makes 160-bit base32 secrets and an otpauth URI apps read', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'staff@example.org', 'register.example');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Keurmerk:/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('period=30');
    expect(groupedSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });

  it('accepts the current step and one either side, naming the step, and nothing further', () => {
    const step = Math.floor(NOW.getTime() / 30_000);
    expect(totpStep(secret, code(secret, NOW), NOW)).toBe(step);
    expect(totpStep(secret, code(secret, shift(-30)), NOW)).toBe(step - 1);
    expect(totpStep(secret, code(secret, shift(30)), NOW)).toBe(step + 1);
    expect(totpStep(secret, code(secret, shift(-60)), NOW)).toBeNull();
    expect(totpStep(secret, code(secret, shift(60)), NOW)).toBeNull();
    expect(totpStep(newTotpSecret(), code(secret, NOW), NOW)).toBeNull();
  });

  it('reads a typed code with spaces or a dash, and refuses anything else', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('123-456')).toBe('123456');
    for (const bad of ['12345', '1234567', 'abcdef', '', null, 123456])
      expect(normaliseTotpCode(bad)).toBeNull();
  });
});

describe('sealed TOTP secrets', () => {
  const key = sealingKey('a registry secret of at least thirty-two characters');

  it('opens what it sealed, for the same staff member only, and never leaves the secret readable', () => {
    const sealed = sealSecret(key, 7, 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealed.startsWith(`v1.${key.id}.`)).toBe(true);
    expect(sealSecret(key, 7, 'JBSWY3DPEHPK3PXP')).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(key, 7, sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(key, 8, sealed)).toThrow(expect.objectContaining({ code: 'totp_unreadable' }));
  });

  it('recognises another key and an altered secret', () => {
    const sealed = sealSecret(key, 7, 'JBSWY3DPEHPK3PXP');
    const other = sealingKey('another registry secret of thirty-two characters');
    expect(other.id).not.toBe(key.id);
    expect(() => openSecret(other, 7, sealed)).toThrow(expect.objectContaining({ code: 'totp_unreadable' }));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered!').toString('base64url');
    expect(() => openSecret(key, 7, parts.join('.'))).toThrow(
      expect.objectContaining({ code: 'totp_unreadable' }),
    );
    expect(() => openSecret(key, 7, 'garbage')).toThrow(expect.objectContaining({ code: 'totp_unreadable' }));
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes of 16 unambiguous characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
  });

  it('reads a typed code in any case, with or without dashes, and hashes it stably', () => {
    const [c] = newRecoveryCodes();
    const typed = c!.replace(/-/g, ' ').toUpperCase();
    expect(normaliseRecoveryCode(typed)).toBe(c);
    expect(recoveryCodeHash(normaliseRecoveryCode(typed)!)).toBe(recoveryCodeHash(c!));
    expect(recoveryCodeHash(c!)).toMatch(/^[0-9a-f]{64}$/);
    for (const bad of ['', 'short', 'oooo-oooo-oooo-oooo', `${c}x`, null])
      expect(normaliseRecoveryCode(bad)).toBeNull();
  });
});

describe('the second-factor rule', () => {
  it.each([
    [{ passwordOnly: true, hasSecondFactor: true }, 'required', 'verify'],
    [{ passwordOnly: true, hasSecondFactor: true }, 'optional', 'verify'],
    [{ passwordOnly: true, hasSecondFactor: false }, 'required', 'enrol'],
    [{ passwordOnly: true, hasSecondFactor: false }, 'optional', 'enrol'],
    [{ passwordOnly: false, hasSecondFactor: false }, 'required', 'enrol'],
    [{ passwordOnly: false, hasSecondFactor: false }, 'optional', null],
    [{ passwordOnly: false, hasSecondFactor: true }, 'required', null],
  ] as const)('%j with STAFF_MFA=%s → %s', (session, mode, step) => {
    expect(secondFactorStep(session, mode)).toBe(step);
  });

  it('starts a sign-in password-only when there is a factor to give or one is required', () => {
    expect(signInNeedsSecondStep(true, 'optional')).toBe(true);
    expect(signInNeedsSecondStep(false, 'required')).toBe(true);
    expect(signInNeedsSecondStep(false, 'optional')).toBe(false);
  });
});
