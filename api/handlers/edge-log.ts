import { createHash, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../app/deps.ts';
import { problemResponse } from '../http/problem.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { discardBody, readBody } from '../http/body.ts';
import { ingestEdgeLog, MAX_LOG_LINES } from '../edge/ingest-log.ts';

/** Largest log batch accepted; edges ship every few seconds, so batches stay far below. */
export const EDGE_LOG_LIMIT = 4 * 1024 * 1024;
const TEXT_TYPES = ['text/plain', 'application/x-ndjson', 'application/jsonl', 'application/json-seq'];

function sameSecret(given: string, expected: string): boolean {
  // Digests: equal length, constant time, whatever was sent.
  return timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );
}

/**
 * `POST /api/v1/edge/log`: a batch of the edge's access log (combined format or JSON lines), from
 * which badge sightings on foreign sites become misuse signals. Bearer `EDGE_LOG_TOKEN`; without
 * it configured the endpoint does not exist.
 */
export async function edgeLogHandler(request: Request, deps: Deps): Promise<Response> {
  const token = deps.config.edgeLogToken;
  if (!token) {
    await discardBody(request);
    return problemResponse('not_found', 'Edge log ingestion is not configured (EDGE_LOG_TOKEN).');
  }
  const header = request.headers.get('authorization') ?? '';
  if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token)) {
    await discardBody(request);
    return problemResponse(
      'unauthenticated',
      'The edge log needs the edge bearer token.',
      {},
      {
        'www-authenticate': 'Bearer realm="edge-log"',
      },
    );
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!TEXT_TYPES.includes(type)) {
    await discardBody(request);
    return problemResponse('unsupported_media_type', `Send the log as ${TEXT_TYPES.join(' or ')}.`);
  }
  const bytes = await readBody(request, EDGE_LOG_LIMIT);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problemResponse('edge_log_unreadable', 'The log is not UTF-8 text.');
  }
  const lines = text.split('\n').length;
  if (lines > MAX_LOG_LINES + 1)
    return problemResponse(
      'edge_log_unreadable',
      `At most ${MAX_LOG_LINES} lines per batch; this has ${lines}.`,
    );
  const outcome = await ingestEdgeLog(text, deps.database.db, deps.misuse, deps.now());
  if (outcome.lines > 0 && outcome.rejected === outcome.lines)
    return problemResponse('edge_log_unreadable', 'No line of the batch could be read.', {
      errors: outcome.errors,
    });
  return new Response(JSON.stringify(outcome), {
    headers: { 'content-type': 'application/json', 'cache-control': cacheControl('no-store') },
  });
}
