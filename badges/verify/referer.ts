import { isSameOrSubdomain } from '../../db/values/hostname.ts';

/** Where a visitor of a verify page came from, judged against the organisation's registered domains. */
export type RefererFinding =
  | { kind: 'none' }
  /** From a page of the registry itself (search, organisation page). */
  | { kind: 'own' }
  | { kind: 'registered'; host: string; domain: string }
  | { kind: 'unregistered'; host: string };

/**
 * Reads the `Referer` of a visitor who clicked a badge. Browsers send at least the origin across
 * sites (strict-origin-when-cross-origin), which is all this needs: the host is compared with the
 * registered domains, a subdomain counting as its domain. Only http(s) referrers count; our own
 * origin is not a finding. A missing or unreadable Referer proves nothing either way.
 */
export function judgeReferer(
  referer: string | null,
  domains: readonly string[],
  publicUrl: string,
): RefererFinding {
  if (!referer || referer.length > 4096) return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return { kind: 'none' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none' };
  if (url.origin === new URL(publicUrl).origin) return { kind: 'own' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return { kind: 'none' };
  const domain = domains.find((d) => isSameOrSubdomain(host, d.toLowerCase()));
  return domain ? { kind: 'registered', host, domain } : { kind: 'unregistered', host };
}
