import { ValidationError } from '../errors.ts';
import { normaliseHostname } from '../values/hostname.ts';
import { phoneCandidates } from '../values/phone.ts';
import type { ChannelCriteria } from './channel-matches.ts';

/** What a consumer asked about, normalised to the forms the registry stores. */
export interface ChannelQuery {
  kind: 'phone' | 'email' | 'url';
  input: string;
  /** E.164 numbers, a host name and its parent domains, or canonical URLs: what is compared. */
  normalised: string[];
  criteria: ChannelCriteria;
}

const MAX_INPUT = { phone: 40, email: 320, url: 2000 } as const;

/**
 * A host and the domains above it that can still be registered (two labels or more):
 * `a.shop.example.nl` → itself, `shop.example.nl`, `example.nl`. Whoever controls a domain
 * controls its subdomains, so a subdomain of a registered domain is the organisation's too.
 */
export function hostAndParents(host: string): string[] {
  const labels = host.split('.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || labels.length < 2) return [host];
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

function hostOf(field: 'email' | 'url', raw: string): string {
  const host = normaliseHostname(raw);
  if (!host.ok)
    throw new ValidationError(
      field,
      `This is not a ${field === 'email' ? 'mail domain' : 'web address'} we can read: ${host.reason}.`,
    );
  return host.hostname;
}

function phoneQuery(input: string): ChannelQuery {
  const numbers = phoneCandidates(input);
  if (numbers.length === 0) {
    throw new ValidationError(
      'phone',
      'This is not a phone number we can read; give it with its country code, e.g. +31 20 123 4567.',
    );
  }
  return {
    kind: 'phone',
    input,
    normalised: numbers,
    criteria: { channels: { kinds: ['phone', 'whatsapp'], values: numbers } },
  };
}

function emailQuery(input: string): ChannelQuery {
  const at = input.lastIndexOf('@');
  const domain = at >= 0 ? input.slice(at + 1) : input;
  if (domain.includes('/') || domain.includes(':'))
    throw new ValidationError('email', 'Give an e-mail address or its domain, e.g. info@example.nl.');
  const hosts = hostAndParents(hostOf('email', domain));
  return {
    kind: 'email',
    input,
    normalised: hosts,
    criteria: { channels: { kinds: ['email_domain'], values: hosts } },
  };
}

function urlQuery(input: string): ChannelQuery {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`);
  } catch {
    throw new ValidationError('url', 'This is not a web address we can read.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ValidationError('url', 'Give an http or https address.');
  if (url.username || url.password)
    throw new ValidationError('url', 'A web address with a user name or password is not checked.');
  const hosts = hostAndParents(hostOf('url', url.host));
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  // Chat URLs are registered canonically; accept the usual spellings of the same address.
  const urls = [
    ...new Set([
      url.href,
      `${url.origin}${path}${url.search}`,
      `${url.origin}${path}`,
      `${url.origin}${path}/`,
    ]),
  ];
  return {
    kind: 'url',
    input,
    normalised: hosts,
    criteria: { channels: { kinds: ['chat_url'], values: urls }, websiteDomains: hosts },
  };
}

/**
 * Reads `phone=`, `email=` or `url=` (exactly one). Phone numbers are parsed with
 * libphonenumber-js to E.164 (national numbers read as Dutch and as Belgian); e-mail addresses
 * and URLs are reduced to host names (IDN as punycode). Bad input throws a 400 ValidationError.
 */
export function parseChannelQuery(params: URLSearchParams): ChannelQuery {
  const given = (['phone', 'email', 'url'] as const).filter((name) => (params.get(name) ?? '').trim() !== '');
  if (given.length !== 1)
    throw new ValidationError('query', 'Ask about exactly one of phone=, email= or url=.');
  const kind = given[0]!;
  const input = params.get(kind)!.trim();
  if (input.length > MAX_INPUT[kind])
    throw new ValidationError(kind, `The ${kind} is longer than ${MAX_INPUT[kind]} characters.`);
  return kind === 'phone' ? phoneQuery(input) : kind === 'email' ? emailQuery(input) : urlQuery(input);
}
