import { describe, expect, it } from 'vitest';
import { clientNetwork } from '../../../../db/values/client-network.ts';

describe('clientNetwork: the one client rule', () => {
  it('counts IPv4 per /24, also when mapped into IPv6', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.0/24');
    expect(clientNetwork('203.0.113.254')).toBe('203.0.113.0/24');
    expect(clientNetwork('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(clientNetwork('::FFFF:cb00:7109')).toBe('203.0.113.0/24');
    expect(clientNetwork('203.0.114.7')).not.toBe(clientNetwork('203.0.113.7'));
  });

  it('counts IPv6 per /56, whatever the spelling', () => {
    const net = '2001:db8:1:200::/56';
    for (const a of [
      '2001:db8:1:200::1',
      '2001:db8:1:2ff:ffff::9',
      '2001:0DB8:0001:02AB:0:0:0:1',
      '[2001:db8:1:2cd::7]',
      'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:201::1'),
    ]) {
      expect(clientNetwork(a), a).toBe(net);
    }
    expect(clientNetwork('2001:db8:1:300::1')).toBe('2001:db8:1:300::/56');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/56');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/56');
  });

  it('keeps anything else apart from every network', () => {
    expect(clientNetwork('unknown')).toBe('other:unknown');
    expect(clientNetwork('1.2.3')).toBe('other:1.2.3');
  });
});
