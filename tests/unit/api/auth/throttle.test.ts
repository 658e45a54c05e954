import { describe, expect, it } from 'vitest';
import { signInClientKey } from '../../../../api/auth/throttle.ts';

describe('signInClientKey', () => {
  it('counts an IPv4 address by itself, also when IPv4-mapped', () => {
    expect(signInClientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(signInClientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(signInClientKey('203.0.113.8')).not.toBe(signInClientKey('203.0.113.7'));
  });

  it('counts IPv6 per /64, however the address is written', () => {
    const key = signInClientKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(signInClientKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe(key);
    expect(signInClientKey('2001:DB8:1:2:a::b%eth0')).toBe(key);
    expect(signInClientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(signInClientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(signInClientKey('::1')).toBe('0:0:0:0::/64');
  });
});
