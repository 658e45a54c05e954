import { isIPv4, isIPv6 } from 'node:net';

/*
 * The one rule for "the same client" in every per-client limit of the registry (verify uploads,
 * consumer reports, sign-in attempts): the client's network, not its exact address.
 *
 * - IPv4 per /24: one address is often shared (NAT, CGNAT), and an attacker rarely holds a whole
 *   /24, while a single /32 is too easy to vary on cloud hosts that hand out adjacent addresses.
 * - IPv6 per /56: a single customer normally gets a /56 (RIPE-690 recommends /48 or /56 for end
 *   sites; most access ISPs delegate /56) or a /64 inside one. Counting per /64 or per address
 *   would let one customer rotate through 256 /64s or 2^64 addresses at will; per /48 would lump
 *   up to 256 customers of an ISP that delegates /56 together and let one of them lock the others out.
 *
 * Behind a reverse proxy the socket peer is the proxy, so all clients share one network: limits
 * then apply to the proxy as a whole (see docs/deployment.md).
 */

/** Prefix lengths of the client rule, for messages and documentation. */
export const CLIENT_NETWORK_PREFIX = { ipv4: 24, ipv6: 56 } as const;

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const octets = v4Tail[1]!.split('.').map(Number);
    const hi = ((octets[0]! << 8) | octets[1]!).toString(16);
    const lo = ((octets[2]! << 8) | octets[3]!).toString(16);
    text = `${text.slice(0, v4Tail.index)}${hi}:${lo}`;
  }
  const [head, tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const parse = (part: string | undefined): number[] =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(fill).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

/**
 * The network a client address counts under: `a.b.c.0/24` for IPv4 (also IPv4-mapped IPv6),
 * the canonical `xxxx:xxxx:xxxx:xx00::/56` for IPv6, so every spelling of one network gives the
 * same string. Anything that is not an IP address (unknown, a Unix socket) is returned as
 * `other:<text>`, so it can still be counted but never collides with a network.
 */
export function clientNetwork(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (isIPv4(bare)) return `${bare.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = isIPv6(bare) ? ipv6Groups(bare) : null;
  if (groups === null) return `other:${bare.slice(0, 100)}`;
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket: the IPv4 rule applies.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.0/24`;
  }
  const kept = [groups[0]!, groups[1]!, groups[2]!, groups[3]! & 0xff00];
  return `${kept.map((g) => g.toString(16)).join(':')}::/56`;
}
