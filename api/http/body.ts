import { KeurmerkError } from '../../db/errors.ts';

// A refused body is still read and thrown away up to this much: answering while the client is
// still sending makes the kernel reset the connection, and the client never sees the 413.
const DISCARD_LIMIT = 16 * 1024 * 1024;

/** Reads and drops what is left of a body, up to DISCARD_LIMIT; past that the stream is cancelled. */
export async function discardRest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  alreadyRead: number,
): Promise<void> {
  let size = alreadyRead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > DISCARD_LIMIT) {
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

/** Reads a request body up to `limit` bytes; past that, a 413 (after draining the rest, bounded). */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (!request.body) {
    if (declared > limit) throw tooLarge(limit);
    return new Uint8Array(0);
  }
  const reader = request.body.getReader();
  if (declared > limit) {
    await discardRest(reader, 0);
    throw tooLarge(limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await discardRest(reader, size);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Drops the body of a request refused before it was read (no token, unsupported media type): left
 * unread, it would be cancelled, and the connection reset under the client's next request.
 */
export async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.body.locked) return;
  await discardRest(request.body.getReader(), 0);
}

function tooLarge(limit: number): KeurmerkError {
  return new KeurmerkError('payload_too_large', `The request body is larger than ${limit} bytes.`, {
    limit,
  });
}

/** Parses a JSON body into `unknown`; a 400 problem on malformed JSON. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new KeurmerkError('invalid_json', 'The request body is not valid JSON (UTF-8).');
  }
}
