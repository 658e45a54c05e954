import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../app/deps.ts';
import { cacheControl, logTileEdgeHeaders } from './cache-policy.ts';
import { requestIdFor } from './request-id.ts';
import { readHeaders, withRequestId } from './fast-lane-headers.ts';
import { TLOG_PROOF_TYPE } from '../../db/log/tlog-proof.ts';

import { acceptsGzip, type ServedTile } from './tile-cache.ts';

export { createTileCache, servedTile, type TileCache } from './tile-cache.ts';

export const LOG_TILE_PREFIX = '/log/tile/';

/**
 * The body and headers of a tile or bundle: a full one is immutable, for browsers and (tagged
 * `log`) for the edge; a bundle is gzipped for a client that accepts it, and says it varies.
 */
export function tileReply(
  tile: ServedTile,
  acceptEncoding: string | null | undefined,
  immutable: boolean,
  edgeMaxAgeSeconds: number,
): { body: Uint8Array; headers: string[] } {
  const gzip = tile.gzip !== null && acceptsGzip(acceptEncoding);
  const body = gzip ? tile.gzip! : tile.body;
  return {
    body,
    headers: [
      ...tileHeaders(body.length, immutable, edgeMaxAgeSeconds),
      ...(tile.gzip === null ? [] : ['vary', 'Accept-Encoding']),
      ...(gzip ? ['content-encoding', 'gzip'] : []),
    ],
  };
}

function tileHeaders(length: number, immutable: boolean, edgeMaxAgeSeconds: number): string[] {
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
  const tile = deps.transparencyLog.tiles.get(url);
  if (!tile) return null;
  const headers = readHeaders(req.rawHeaders);
  const requestId = requestIdFor(headers.requestId);
  const reply = immutableReply(tile, headers.acceptEncoding, deps.config.edgeMaxAgeSeconds);
  res.writeHead(200, withRequestId(reply.headers, requestId));
  res.end(method === 'HEAD' ? undefined : reply.body);
  return requestId;
}

// A cached tile's answers (plain, and gzip for a bundle), each built on its first request: the
// header lists are the same for every request of a tile, so they are built once (as
// badges/serve/badge-reply.ts does for badges). Tiles are per process, and so is its edge lifetime.
const repliesOf = new WeakMap<ServedTile, Map<boolean, { body: Uint8Array; headers: string[] }>>();

function immutableReply(
  tile: ServedTile,
  acceptEncoding: string | null | undefined,
  edgeMaxAgeSeconds: number,
) {
  const gzip = tile.gzip !== null && acceptsGzip(acceptEncoding);
  let replies = repliesOf.get(tile);
  if (!replies) repliesOf.set(tile, (replies = new Map()));
  let reply = replies.get(gzip);
  if (!reply)
    replies.set(gzip, (reply = tileReply(tile, gzip ? 'gzip' : undefined, true, edgeMaxAgeSeconds)));
  return reply;
}

const PROOF_PATH = '/api/v1/log/proof?index=';

/** A whole number from 0 below 2^53 given as plain decimal digits, or null. */
export function count(value: string | null): number | null {
  if (value === null || !/^(?:0|[1-9]\d{0,15})$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Answers `GET /api/v1/log/proof?index=N` when the latest checkpoint and every tile the proof
 * needs are in memory (api/handlers/log-proofs.ts answers the rest, with the same headers).
 * Returns the request id it answered under, or null, having written nothing.
 */
export function serveCachedLogProof(req: IncomingMessage, res: ServerResponse, deps: Deps): string | null {
  const url = req.url;
  if (url === undefined || !url.startsWith(PROOF_PATH)) return null;
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD') return null;
  const index = count(url.slice(PROOF_PATH.length));
  if (index === null) return null;
  const proof = deps.transparencyLog.prover.proveCached(index);
  if (!proof) return null;
  const body = Buffer.from(proof.text, 'utf8');
  const requestId = requestIdFor(req.headers['x-request-id']);
  res.writeHead(200, [
    'content-type',
    TLOG_PROOF_TYPE,
    'content-length',
    String(body.length),
    'cache-control',
    cacheControl('log-latest'),
    'access-control-allow-origin',
    '*',
    'x-content-type-options',
    'nosniff',
    'x-request-id',
    requestId,
  ]);
  res.end(method === 'HEAD' ? undefined : body);
  return requestId;
}
