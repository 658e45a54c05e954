import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Country } from '../schema/organisation.table.ts';
import type { ContactChannelKind } from '../schema/contact-channel.table.ts';
import { normaliseHostname } from '../values/hostname.ts';
import { ValidationError } from '../errors.ts';

/**
 * The stored form of a contact channel, as the public channel lookup compares it: E.164 for phone
 * and WhatsApp numbers (a national number is read in the organisation's country), the bare host
 * for an e-mail domain (an address is reduced to its domain), and `https://host/path` for a chat URL.
 */
export function normaliseChannel(
  kind: ContactChannelKind,
  value: string,
  country: Country,
  field = 'value',
): string {
  const input = value.trim();
  if (!input || input.length > 2000)
    throw new ValidationError(field, 'Give a value for the contact channel.');
  if (kind === 'phone' || kind === 'whatsapp') {
    const parsed = input.length <= 40 ? parsePhoneNumberFromString(input, country) : undefined;
    if (!parsed?.isValid())
      throw new ValidationError(
        field,
        `"${input.slice(0, 40)}" is not a valid phone number (e.g. +31 20 123 4567).`,
      );
    return parsed.number;
  }
  if (kind === 'email_domain') {
    const host = normaliseHostname(input.slice(input.lastIndexOf('@') + 1));
    if (!host.ok) throw new ValidationError(field, `Not an e-mail domain: ${host.reason}.`);
    return host.hostname;
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`);
  } catch {
    throw new ValidationError(field, 'A chat address must be a web address.');
  }
  if (url.protocol !== 'https:' || url.username || url.password)
    throw new ValidationError(
      field,
      'A chat address must be an https address without user name or password.',
    );
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}${url.search}`;
}
