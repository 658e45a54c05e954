import { describe, expect, it } from 'vitest';
import {
  detectNationalId,
  formatNationalId,
  parseBelgianEnterpriseNumber,
  parseKvk,
} from '../../../../db/values/national-id.ts';

describe('Belgian enterprise numbers (mod 97)', () => {
  // Real, public numbers: the example, Proximus and bpost.
  it.each([
    ['0123.456.749', '0123456749'],
    ['BE0123456749', '0123456749'],
    ['BE 0123 456 749', '0123456749'],
    ['be0123.456.749', '0123456749'],
    ['0202.239.951', '0202239951'],
    ['0214596464', '0214596464'],
    ['214.596.464', '0214596464'],
  ])('accepts %s as %s', (input, normalised) => {
    expect(parseBelgianEnterpriseNumber(input)).toEqual({ ok: true, country: 'BE', value: normalised });
  });

  it.each([
    ['0123.456.748', 'check digits'],
    ['0202.239.952', 'check digits'],
    ['2123.456.749', 'starts with 0 or 1'],
    ['0123.456.7', '10 digits'],
    ['01234567490', '10 digits'],
    ['BE01234567AB', '10 digits'],
    ['', '10 digits'],
  ])('refuses %s (%s)', (input, reason) => {
    const result = parseBelgianEnterpriseNumber(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('formats for display', () => {
    expect(formatNationalId('BE', '0202239951')).toBe('0202.239.951');
  });
});

describe('Dutch KvK numbers', () => {
  it.each([
    ['12345678', '12345678'],
    ['KvK 12345678', '12345678'],
    ['kvk-nummer: 1234 5678', '12345678'],
    ['12.34.56.78', '12345678'],
  ])('accepts %s', (input, normalised) => {
    expect(parseKvk(input)).toEqual({ ok: true, country: 'NL', value: normalised });
  });

  it.each(['1234567', '123456789', '1234567a', '', 'KvK'])('refuses %s', (input) => {
    expect(parseKvk(input).ok).toBe(false);
  });
});

describe('detectNationalId', () => {
  it('tells the two apart from free text', () => {
    expect(detectNationalId('BE0202239951')).toMatchObject({ ok: true, country: 'BE' });
    expect(detectNationalId('12345678')).toMatchObject({ ok: true, country: 'NL' });
    expect(detectNationalId('0202239952').ok).toBe(false);
  });
});
