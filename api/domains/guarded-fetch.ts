import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction, Socket } from 'node:net';
import { isPublicAddress } from '../../db/values/public-address.ts';

/**
 * Why a guarded fetch gave up. Stable codes: stored with a failed domain proof and shown to the
 * member (worded by the page), so a member learns what to fix without us echoing their server.
 */
export const FETCH_REFUSALS = [
  'not_https',
  'bad_url',
  'dns_failed',
  'private_address',
  'connect_failed',
  'redirect',
  'bad_status',
  'too_large',
  'timeout',
] as const;
export type FetchRefusal = (typeof FETCH_REFUSALS)[number];

export type GuardedResult = { ok: true; body: string } | { ok: false; reason: FetchRefusal };

export interface GuardedFetchOptions {
  /**
   * Hosts exempt from "https only, public addresses only" (DOMAIN_PROOF_ALLOW_HOSTS): for tests
   * and development against local servers, never for production.
   */
  allowHosts: readonly string[];
  /** The whole exchange, connect to last byte. */
  timeoutMs?: number;
  maxBytes?: number;
}

export const FETCH_TIMEOUT_MS = 5_000;
export const FETCH_MAX_BYTES = 16 * 1024;

/**
 * GETs a URL on a member's behalf without letting the member aim us at our own network (SSRF):
 * https only; every address the name resolves to must be public, and the connection is pinned to
 * the address checked (the `lookup` option answers with it, so a second DNS answer, as in DNS
 * rebinding, is never asked for) and checked again once connected. Redirects are refused, all of
 * them: the file must be served at the URL itself, which keeps one request per attempt and no
 * loop to bound. At most `maxBytes` of body and `timeoutMs` in all.
 */
export async function guardedFetch(target: string, options: GuardedFetchOptions): Promise<GuardedResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, reason: 'bad_url' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // An entry names a host (any port) or a host and port (`127.0.0.1:8080`).
  const exempt = options.allowHosts.some((entry) => entry === host || entry === url.host);
  if (url.protocol !== 'https:' && !(exempt && url.protocol === 'http:'))
    return { ok: false, reason: 'not_https' };
  if (url.username || url.password) return { ok: false, reason: 'bad_url' };

  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await dnsLookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, reason: 'dns_failed' };
  }
  if (addresses.length === 0) return { ok: false, reason: 'dns_failed' };
  // Any private answer refuses the lot: a name that mixes them is not one we fetch from.
  if (!exempt && addresses.some((a) => !isPublicAddress(a.address)))
    return { ok: false, reason: 'private_address' };
  const pinned = addresses[0]!;
  const pin: LookupFunction = (_name, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return request(url, pin, exempt, options);
}

function request(
  url: URL,
  pin: LookupFunction,
  exempt: boolean,
  options: GuardedFetchOptions,
): Promise<GuardedResult> {
  const maxBytes = options.maxBytes ?? FETCH_MAX_BYTES;
  return new Promise<GuardedResult>((resolve) => {
    let settled = false;
    const finish = (result: GuardedResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'GET',
      lookup: pin,
      agent: false,
      headers: { accept: 'text/plain', 'user-agent': 'Keurmerk domain proof' },
    });
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'timeout' }),
      options.timeoutMs ?? FETCH_TIMEOUT_MS,
    );
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        // The connect-time check: whatever resolution happened, this is the peer we reached.
        if (!exempt && !isPublicAddress(socket.remoteAddress ?? ''))
          finish({ ok: false, reason: 'private_address' });
      });
    });
    req.on('error', () => finish({ ok: false, reason: 'connect_failed' }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) return finish({ ok: false, reason: 'redirect' });
      if (status !== 200) return finish({ ok: false, reason: 'bad_status' });
      if (Number(res.headers['content-length'] ?? 0) > maxBytes)
        return finish({ ok: false, reason: 'too_large' });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish({ ok: false, reason: 'too_large' });
        chunks.push(chunk);
      });
      res.on('end', () => finish({ ok: true, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => finish({ ok: false, reason: 'connect_failed' }));
    });
    req.end();
  });
}
