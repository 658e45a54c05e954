import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { COUNTRIES } from '../vocabulary.ts';

/** Our countries are libphonenumber regions of the same name. */
const REGIONS: readonly CountryCode[] = COUNTRIES;

/**
 * Every E.164 number a typed phone number may mean: "+31 20 100 0005", "020-1000005" (read as Dutch)
 * or "02 100 00 05" (read as Belgian). Empty when the text is not a plausible phone number.
 */
export function phoneCandidates(input: string): string[] {
  const text = input.trim();
  if (text.length > 40 || !/^[+(]?[\d\s().\-/]{6,}$/.test(text)) return [];
  const found = new Set<string>();
  for (const region of REGIONS) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (parsed?.isValid()) found.add(parsed.number);
  }
  return [...found];
}

/** Human form of a stored E.164 number ("+31 20 100 0005"); the input itself when it does not parse. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
