import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../app/deps.ts';
import { badgeReply } from '../../badges/serve/badge-reply.ts';
import { parseBadgeRequest } from '../../badges/serve/badge-request.ts';
import { badgeCachePolicy } from './cache-policy.ts';
import { badgeKeyOf, type BadgeKey } from '../../badges/serve/badge-service.ts';
import { memoise } from '../../badges/serve/memo.ts';
import { requestIdFor } from './request-id.ts';
import { readHeaders, withRequestId } from './fast-lane-headers.ts';

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
