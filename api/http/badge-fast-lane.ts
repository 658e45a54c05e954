import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../deps.ts';
import { badgeReply, type BadgeRequestHeaders } from '../handlers/badge.ts';
import { parseBadgeRequest } from '../handlers/badge-options.ts';
import { requestIdFor } from './request-id.ts';

const PREFIX = '/badges/';
// Only queries the URL parser would leave as they are, so both lanes read the same variant.
const PLAIN_QUERY = /^(?:\?[A-Za-z0-9=&%._~+-]*)?$/;

interface FastLaneHeaders extends BadgeRequestHeaders {
  requestId: string | undefined;
}

/**
 * The four headers a badge answer reads, straight from the parser's raw list: `req.headers`
 * builds an object of every header on first use. Repeated headers combine as Node combines them
 * (a list joined by ", "; the first Referer wins).
 */
function readHeaders(raw: readonly string[]): FastLaneHeaders {
  const found: FastLaneHeaders = {
    referer: undefined,
    ifNoneMatch: undefined,
    acceptEncoding: undefined,
    requestId: undefined,
  };
  const join = (previous: string | null | undefined, value: string) =>
    previous === undefined || previous === null ? value : `${previous}, ${value}`;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    switch (name.length) {
      case 7:
        if (found.referer === undefined && name.toLowerCase() === 'referer') found.referer = value;
        break;
      case 12:
        if (name.toLowerCase() === 'x-request-id') found.requestId = join(found.requestId, value);
        break;
      case 13:
        if (name.toLowerCase() === 'if-none-match') found.ifNoneMatch = join(found.ifNoneMatch, value);
        break;
      case 15:
        if (name.toLowerCase() === 'accept-encoding')
          found.acceptEncoding = join(found.acceptEncoding, value);
        break;
    }
  }
  return found;
}

/**
 * Answers a cached badge straight from Node's request, before any Fetch Request or Response
 * exists: on a cache hit this is all the work a badge request needs, and the Fetch objects cost
 * more than the rest together. Returns the request id it answered under, or null, having written
 * nothing, whenever the general path must answer instead (not a plain badge URL, a cache miss,
 * anything to refuse).
 */
export function serveCachedBadge(req: IncomingMessage, res: ServerResponse, deps: Deps): string | null {
  const url = req.url;
  if (url === undefined || !url.startsWith(PREFIX)) return null;
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return null;
  const q = url.indexOf('?');
  const search = q === -1 ? '' : url.slice(q);
  if (!PLAIN_QUERY.test(search)) return null;
  const parsed = parseBadgeRequest(q === -1 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q), search);
  if (!parsed.ok) return null;
  const entry = deps.badges.peek(parsed.publicId, parsed.variant, deps.now().getTime());
  if (!entry) return null;
  const headers = readHeaders(req.rawHeaders);
  const requestId = requestIdFor(headers.requestId);
  const reply = badgeReply(entry, parsed.variant, headers, deps);
  res.writeHead(reply.status, [...reply.headers, 'x-request-id', requestId]);
  res.end(method === 'HEAD' || reply.status === 304 ? undefined : reply.body);
  return requestId;
}
