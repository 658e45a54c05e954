import type { BadgeRequestHeaders } from '../../badges/serve/badge-reply.ts';

// What the fast lanes (badge-fast-lane.ts, log-fast-lane.ts) share: reading the few request
// headers they need without `req.headers`, and lending a prepared header list to writeHead.

// writeHead turns a header list into the header block before it returns (when no setHeader came
// first, as here), so each header set can lend one list with a slot for the request id.
const listsWithId = new WeakMap<readonly string[], string[]>();

export function withRequestId(headers: readonly string[], requestId: string): string[] {
  let list = listsWithId.get(headers);
  if (!list) listsWithId.set(headers, (list = [...headers, 'x-request-id', '']));
  list[list.length - 1] = requestId;
  return list;
}

export interface FastLaneHeaders extends BadgeRequestHeaders {
  requestId: string | undefined;
}

/**
 * The four headers a fast-lane answer reads, straight from the parser's raw list: `req.headers`
 * builds an object of every header on first use. Repeated headers combine as Node combines them
 * (a list joined by ", "; the first Referer wins).
 */
export function readHeaders(raw: readonly string[]): FastLaneHeaders {
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
