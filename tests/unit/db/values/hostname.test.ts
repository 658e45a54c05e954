import { describe, expect, it } from 'vitest';
import { isSameOrSubdomain, normaliseHostname } from '../../../../db/values/hostname.ts';

describe('normaliseHostname', () => {
  it.each([
    ['www.Example.NL', 'www.example.nl'],
    ['https://www.example.nl/klantenservice?x=1#y', 'www.example.nl'],
    ['http://example.be:8080/', 'example.be'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['https://Société.be/', 'xn--socit-esab.be'],
    ['example.nl.', 'example.nl'],
    ['  shop.example.nl  ', 'shop.example.nl'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseHostname(input)).toEqual({ ok: true, hostname: expected });
  });

  it.each([
    '',
    'not a host',
    'https://user:pw@example.nl',
    'example',
    '-bad.example.nl',
    'a'.repeat(64) + '.nl',
    'http://',
  ])('refuses %j', (input) => {
    expect(normaliseHostname(input).ok).toBe(false);
  });

  it('matches subdomains but not look-alikes', () => {
    expect(isSameOrSubdomain('shop.example.nl', 'example.nl')).toBe(true);
    expect(isSameOrSubdomain('example.nl', 'example.nl')).toBe(true);
    expect(isSameOrSubdomain('badexample.nl', 'example.nl')).toBe(false);
    expect(isSameOrSubdomain('example.nl.evil.com', 'example.nl')).toBe(false);
  });
});
