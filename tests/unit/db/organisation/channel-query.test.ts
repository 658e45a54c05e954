import { describe, expect, it } from 'vitest';
import { hostAndParents, parseChannelQuery } from '../../../../db/organisation/channel-query.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const q = (params: Record<string, string>) => parseChannelQuery(new URLSearchParams(params));

describe('parseChannelQuery', () => {
  it('normalises phone numbers to E.164 with libphonenumber-js', () => {
    for (const input of ['+31 20 123 4567', '020-1234567', '0031 20 1234567', '+31 (0)20 123 45 67']) {
      expect(q({ phone: input }).normalised).toEqual(['+31201234567']);
    }
    expect(q({ phone: '+32 2 100 00 05' }).normalised).toEqual(['+3221000005']);
    expect(q({ phone: '02 100 00 05' }).normalised).toContain('+3221000005');
    expect(q({ phone: '+31 6 1234 5678' }).criteria.channels).toEqual({
      kinds: ['phone', 'whatsapp'],
      values: ['+31612345678'],
    });
  });

  it('reduces e-mail addresses to the domain and the domains above it', () => {
    expect(q({ email: 'Klantenservice@Mail.Example.NL' }).normalised).toEqual([
      'mail.example.nl',
      'example.nl',
    ]);
    expect(q({ email: 'example.nl' }).criteria.channels).toEqual({
      kinds: ['email_domain'],
      values: ['example.nl'],
    });
    expect(q({ email: 'info@bücher.example' }).normalised[0]).toBe('xn--bcher-kva.example');
  });

  it('reads web addresses as chat URLs and website domains', () => {
    const query = q({ url: 'https://www.example.nl/chat/' });
    expect(query.criteria.websiteDomains).toEqual(['www.example.nl', 'example.nl']);
    expect(query.criteria.channels?.values).toContain('https://www.example.nl/chat');
    expect(q({ url: 'example.nl' }).criteria.websiteDomains).toEqual(['example.nl']);
  });

  it('refuses what it cannot read with a 400, never a guess', () => {
    const refused = (params: Record<string, string>) => {
      try {
        q(params);
      } catch (error) {
        return error instanceof KeurmerkError ? error.status : 'other';
      }
      return 'accepted';
    };
    expect(refused({})).toBe(400);
    expect(refused({ phone: '+31201234567', email: 'a@example.nl' })).toBe(400);
    expect(refused({ phone: 'call me maybe' })).toBe(400);
    expect(refused({ phone: '1'.repeat(41) })).toBe(400);
    expect(refused({ email: 'a@' })).toBe(400);
    expect(refused({ url: 'javascript:alert(1)' })).toBe(400);
    expect(refused({ url: 'https://user:pw@example.nl/' })).toBe(400);
  });
});

describe('hostAndParents', () => {
  it('walks up to the registrable level, never to a bare TLD', () => {
    expect(hostAndParents('a.shop.example.nl')).toEqual([
      'a.shop.example.nl',
      'shop.example.nl',
      'example.nl',
    ]);
    expect(hostAndParents('localhost')).toEqual(['localhost']);
    expect(hostAndParents('127.0.0.1')).toEqual(['127.0.0.1']);
  });
});
