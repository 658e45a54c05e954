/**
 * The edges the registry tells about changes (EDGE_PURGE): a comma-separated list of
 * `varnish+http://HOST:PORT` (purge by xkey tag), `nginx+http://HOST:PORT` (exact-key purges),
 * `fastly:SERVICE_ID` (surrogate keys) and `cloudflare:ZONE_ID` (cache tags).
 */
export type PurgeTarget =
  | { readonly kind: 'varnish' | 'nginx'; readonly origin: string; readonly name: string }
  | { readonly kind: 'fastly'; readonly serviceId: string; readonly name: string }
  | { readonly kind: 'cloudflare'; readonly zoneId: string; readonly name: string };

export type ParsedTargets = { ok: true; targets: PurgeTarget[] } | { ok: false; message: string };

// Fastly service ids and Cloudflare zone ids are alphanumeric; anything else is a typo.
const ACCOUNT_ID = /^[A-Za-z0-9]{1,64}$/;

function parseOne(raw: string): PurgeTarget | string {
  const proxy = /^(varnish|nginx)\+(http:\/\/.+)$/.exec(raw);
  if (proxy) {
    let url: URL;
    try {
      url = new URL(proxy[2]!);
    } catch {
      return `"${raw}" is not a URL after ${proxy[1]}+`;
    }
    if (url.pathname !== '/' || url.search || url.username || url.password)
      return `"${raw}" must be ${proxy[1]}+http://HOST:PORT, without path, query or credentials`;
    return { kind: proxy[1] as 'varnish' | 'nginx', origin: url.origin, name: `${proxy[1]}:${url.host}` };
  }
  const account = /^(fastly|cloudflare):(.*)$/.exec(raw);
  if (account) {
    if (!ACCOUNT_ID.test(account[2]!)) return `"${raw}": the ${account[1]} id must be letters and digits`;
    return account[1] === 'fastly'
      ? { kind: 'fastly', serviceId: account[2]!, name: raw }
      : { kind: 'cloudflare', zoneId: account[2]!, name: raw };
  }
  return `"${raw}" is not varnish+http://HOST:PORT, nginx+http://HOST:PORT, fastly:SERVICE_ID or cloudflare:ZONE_ID`;
}

/** Reads EDGE_PURGE; empty or absent is no edge at all. */
export function parsePurgeTargets(raw: string | null): ParsedTargets {
  if (raw === null) return { ok: true, targets: [] };
  const targets: PurgeTarget[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const target = parseOne(part);
    if (typeof target === 'string') return { ok: false, message: target };
    if (targets.some((t) => t.name === target.name))
      return { ok: false, message: `"${part}" is listed twice` };
    targets.push(target);
  }
  return { ok: true, targets };
}
