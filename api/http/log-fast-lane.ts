import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../app/deps.ts';
import { cacheControl, logTileEdgeHeaders } from './cache-policy.ts';
import { requestIdFor } from './request-id.ts';

export { createTileCache, type TileCache } from './tile-cache.ts';

export const LOG_TILE_PREFIX = '/log/tile/';

/** The headers of a log tile or bundle; `immutable` for full ones. */
/** Headers of a tile or bundle: a full one is immutable, for browsers and (tagged `log`) for the edge. */
export function tileHeaders(length: number, immutable: boolean, edgeMaxAgeSeconds: number): string[] {
  return [
    ...Object.entries(logTileEdgeHeaders(edgeMaxAgeSeconds, immutable)).flat(),
    'content-type',
    'application/octet-stream',
    'content-length',
    String(length),
    'cache-control',
    cacheControl(immutable ? 'log-immutable' : 'log-latest'),
    'access-control-allow-origin',
    '*',
    'x-content-type-options',
    'nosniff',
  ];
}

/**
 * Answers a full tile or entry bundle this process already holds, straight from Node's request
 * (as badge-fast-lane.ts does for badges). Returns the request id it answered under, or null,
 * having written nothing, when the general path must answer.
 */
export function serveCachedLogTile(req: IncomingMessage, res: ServerResponse, deps: Deps): string | null {
  const url = req.url;
  if (url === undefined || !url.startsWith(LOG_TILE_PREFIX) || url.includes('?')) return null;
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return null;
  const body = deps.transparencyLog.tiles.get(url);
  if (!body) return null;
  const requestId = requestIdFor(req.headers['x-request-id']);
  res.writeHead(200, [
    ...tileHeaders(body.length, true, deps.config.edgeMaxAgeSeconds),
    'x-request-id',
    requestId,
  ]);
  res.end(method === 'HEAD' ? undefined : body);
  return requestId;
}
