import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { parseChannelQuery } from '../../db/organisation/channel-query.ts';
import { lookUpChannel } from '../../db/organisation/channel-lookup.ts';

/** `GET /api/v1/channels/lookup?phone=…|email=…|url=…`: whose official channel is this, if anyone's? */
export const channelLookupHandler: Handler = async (request, deps) => {
  const query = parseChannelQuery(new URL(request.url).searchParams);
  const result = await lookUpChannel(publicReader(request, deps), query, {
    publicUrl: deps.config.publicUrl,
    now: deps.now(),
  });
  return new Response(JSON.stringify(result), {
    headers: {
      'content-type': 'application/json',
      'cache-control': cacheControl('verify', deps.config.badgeMaxAgeSeconds),
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    },
  });
};
