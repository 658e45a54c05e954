export type HostnameResult = { ok: true; hostname: string } | { ok: false; reason: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises what a person types as a website or domain to the bare host: lower case, IDN as
 * punycode (the WHATWG URL parser does the IDNA mapping), no scheme, credentials, port or path.
 */
export function normaliseHostname(input: string): HostnameResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: 'empty host name' };
  if (trimmed.length > 2000) return { ok: false, reason: 'host name too long' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return { ok: false, reason: `"${trimmed.slice(0, 100)}" is not a host name` };
  }
  if (url.username || url.password) return { ok: false, reason: 'a host name has no user or password' };
  const hostname = url.hostname.replace(/\.$/, '');
  if (hostname.length > 253) return { ok: false, reason: 'host name too long' };
  if (hostname === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return { ok: true, hostname };
  const labels = hostname.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, reason: `"${hostname}" is not a valid host name` };
  }
  return { ok: true, hostname };
}

/** True when `host` is `domain` itself or one of its subdomains. */
export function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
