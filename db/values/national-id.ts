import type { Country } from '../schema/organisation.table.ts';

export type NationalIdResult = { ok: true; country: Country; value: string } | { ok: false; reason: string };

/** The two check digits of a Belgian enterprise number: 97 minus the first eight digits mod 97. */
export function belgianCheckDigits(firstEight: string): string {
  return String(97 - (Number(firstEight) % 97)).padStart(2, '0');
}

/**
 * Dutch Chamber of Commerce (KvK) number: 8 digits. No check digit exists (the register dropped
 * the 11-test), so the shape is all that can be validated. Accepts spaces, dots and a "KvK" prefix.
 */
export function parseKvk(input: string): NationalIdResult {
  const compact = input.replace(/^\s*kvk[\s:-]*(nummer)?[\s:]*/i, '').replace(/[\s.]/g, '');
  if (!/^\d{8}$/.test(compact)) return { ok: false, reason: 'a KvK number has exactly 8 digits' };
  return { ok: true, country: 'NL', value: compact };
}

/**
 * Belgian enterprise number (KBO/BCE): 10 digits starting with 0 or 1, the last two a mod-97
 * check. Accepts `0123.456.749`, `BE0123456749`, `BE 0123 456 749` and the old 9-digit form.
 */
export function parseBelgianEnterpriseNumber(input: string): NationalIdResult {
  let compact = input
    .trim()
    .replace(/^be/i, '')
    .replace(/[\s.\-]/g, '');
  if (/^\d{9}$/.test(compact)) compact = `0${compact}`;
  if (!/^\d{10}$/.test(compact)) return { ok: false, reason: 'a Belgian enterprise number has 10 digits' };
  if (compact[0] !== '0' && compact[0] !== '1') {
    return { ok: false, reason: 'a Belgian enterprise number starts with 0 or 1' };
  }
  if (belgianCheckDigits(compact.slice(0, 8)) !== compact.slice(8)) {
    return { ok: false, reason: 'the check digits of this Belgian enterprise number are wrong (mod 97)' };
  }
  return { ok: true, country: 'BE', value: compact };
}

/** Parses a national id for the given country. */
export function parseNationalId(country: Country, input: string): NationalIdResult {
  return country === 'NL' ? parseKvk(input) : parseBelgianEnterpriseNumber(input);
}

/** Recognises either kind from free text (search boxes): a Belgian number first, as it is the stricter. */
export function detectNationalId(input: string): NationalIdResult {
  const be = parseBelgianEnterpriseNumber(input);
  if (be.ok) return be;
  return parseKvk(input);
}

/** Display form: `0123.456.749` for Belgium, the plain 8 digits for the Netherlands. */
export function formatNationalId(country: Country, value: string): string {
  return country === 'BE' ? `${value.slice(0, 4)}.${value.slice(4, 7)}.${value.slice(7)}` : value;
}
