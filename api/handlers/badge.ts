import type { Deps } from '../app/deps.ts';
import { badgeCachePolicy } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { parseBadgeRequest } from '../../badges/serve/badge-request.ts';
import { badgeReply } from '../../badges/serve/badge-reply.ts';
import { BytesResponse } from '../http/bytes-response.ts';
import { requestUrl } from '../http/node-request.ts';

/** `GET /badges/{publicId}.svg|png`: the hot path. Never a broken image, never a cookie. */
export async function badgeHandler(
  request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const url = requestUrl(request);
  const parsed = parseBadgeRequest(params['file'] ?? '', url.search);
  if (!parsed.ok && parsed.reason === 'query_too_long') {
    return problemResponse('query_too_long', 'The badge query string is too long; use theme, lang and size.');
  }
  const variant = 'variant' in parsed ? parsed.variant : null;
  if (!variant) return problemResponse('not_found', 'Badges end in .svg or .png.');
  // Ids that cannot exist still get the "not found in the registry" badge, without a lookup.
  const now = deps.now();
  const entry = parsed.ok
    ? await deps.badges.get(parsed.publicId, variant, now)
    : await deps.badges.notFound(variant);
  const reply = badgeReply(
    entry,
    variant,
    {
      referer: request.headers.get('referer'),
      ifNoneMatch: request.headers.get('if-none-match'),
      acceptEncoding: request.headers.get('accept-encoding'),
    },
    deps,
    badgeCachePolicy,
    now.getTime(),
  );
  return new BytesResponse(reply.body, { status: reply.status, headers: reply.headers });
}
