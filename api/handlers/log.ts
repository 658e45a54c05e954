import type { Deps } from '../app/deps.ts';
import { BytesResponse } from '../http/bytes-response.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { LOG_TILE_PREFIX, servedTile, tileReply } from '../http/log-fast-lane.ts';
import { cosignedNote } from '../../db/log/witness/cosignatures.ts';
import { logKeyRows } from '../../db/log/log-key.ts';
import { parseTilePath } from '../../db/log/tile-path.ts';
import { readTileResource, tileWithin } from '../../db/log/resources.ts';
import { TILE_WIDTH } from '../../db/log/merkle.ts';

const text = (body: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': cacheControl('log-latest'),
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    },
  });

/**
 * `GET /log/checkpoint`: the latest signed checkpoint (C2SP tlog-checkpoint), with the
 * cosignatures its witnesses returned appended as further signature lines (tlog-cosignature);
 * served as it is, whether or not they reach the policy's quorum.
 */
export async function checkpointHandler(_request: Request, deps: Deps): Promise<Response> {
  const latest = await deps.transparencyLog.checkpoints.latest();
  if (!latest) return problemResponse('log_not_ready');
  return text(await cosignedNote(deps.database.db, latest));
}

/** `GET /log/key`: the verifier keys of the log, one per line: the current one first, then retired ones. */
export async function logKeyHandler(_request: Request, deps: Deps): Promise<Response> {
  const rows = await logKeyRows(deps.database.db);
  if (rows.length === 0) return problemResponse('log_not_ready');
  return text(rows.map((r) => `${r.vkey}\n`).join(''));
}

/** `GET /log/tile/…`: hash tiles and entry bundles (C2SP tlog-tiles), byte-exact. */
export async function tileHandler(
  request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const tile = parseTilePath(params['path'] ?? '');
  if (!tile)
    return problemResponse('invalid_log_path', 'Expected tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>].');
  let latest = await deps.transparencyLog.checkpoints.latest();
  // Beyond what this process has seen: another instance may have signed a larger tree.
  if (latest && !tileWithin(tile, latest.size)) latest = await deps.transparencyLog.checkpoints.reload();
  const bytes = latest ? await readTileResource(deps.database.db, tile, latest.size) : null;
  if (!bytes) return problemResponse('log_tile_not_found', 'No signed checkpoint covers this tile yet.');
  const full = tile.width === TILE_WIDTH;
  const served = servedTile(bytes, tile.level === 'entries');
  if (full) deps.transparencyLog.tiles.set(`${LOG_TILE_PREFIX}${params['path']}`, served);
  const reply = tileReply(
    served,
    request.headers.get('accept-encoding'),
    full,
    deps.config.edgeMaxAgeSeconds,
  );
  return new BytesResponse(reply.body, { status: 200, headers: reply.headers });
}
