import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../app/deps.ts';
import { badgeReply, type BadgeRequestHeaders } from '../../badges/serve/badge-reply.ts';
import { parseBadgeRequest } from '../../badges/serve/badge-request.ts';
import { badgeCachePolicy } from './cache-policy.ts';
import { badgeKeyOf, type BadgeKey } from '../../badges/serve/badge-service.ts';
import { memoise } from '../../badges/serve/memo.ts';
import { requestIdFor } from './request-id.ts';

const PREFIX = '/badges/';
// Only queries the URL parser would leave as they are, so both lanes read the same variant.
const PLAIN_QUERY = /^(?:\?[A-Za-z0-9=&%._~+-]*)?$/;

/**
 * A badge URL's id, variant and cache key, or null when the general path must read it. Embeds
 * repeat the same few URLs, so each is parsed once; hostile variety empties the memo (bounded by
 * count, and by length below) and costs only the parsing.
 */
const keyOfTarget = memoise(4096, (target): BadgeKey | null => {
  const q = target.indexOf('?');
  const search = q === -1 ? '' : target.slice(q);
  if (!PLAIN_QUERY.test(search)) return null;
  const file = q === -1 ? target.slice(PREFIX.length) : target.slice(PREFIX.length, q);
  const parsed = parseBadgeRequest(file, search);
  return parsed.ok ? badgeKeyOf(parsed.publicId, parsed.variant) : null;
});
const MEMO_TARGET_LENGTH = 160;

// writeHead turns a header list into the header block before it returns (when no setHeader came
// first, as here), so each header set can lend one list with a slot for the request id.
const listsWithId = new WeakMap<readonly string[], string[]>();

function withRequestId(headers: readonly string[], requestId: string): string[] {
  let list = listsWithId.get(headers);
  if (!list) listsWithId.set(headers, (list = [...headers, 'x-request-id', '']));
  list[list.length - 1] = requestId;
  return list;
}

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
  const key = url.length <= MEMO_TARGET_LENGTH ? keyOfTarget(url) : null;
  if (!key) return null;
  const nowMs = deps.now().getTime();
  const entry = deps.badges.peek(key, nowMs);
  if (!entry) return null;
  const headers = readHeaders(req.rawHeaders);
  const requestId = requestIdFor(headers.requestId);
  const reply = badgeReply(entry, key.variant, headers, deps, badgeCachePolicy, nowMs);
  res.writeHead(reply.status, withRequestId(reply.headers, requestId));
  res.end(method === 'HEAD' || reply.status === 304 ? undefined : reply.body);
  return requestId;
}
