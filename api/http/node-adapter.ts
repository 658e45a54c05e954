import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { BytesResponse } from './bytes-response.ts';
import { NodeRequest } from './node-request.ts';

/**
 * Converts a Node request into a Fetch Request. GET and HEAD get the cheap NodeRequest; a body
 * streams, and handlers enforce their own limits.
 */
export function toRequest(req: IncomingMessage, origin: string, signal: () => AbortSignal): Request {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new NodeRequest(new URL(req.url ?? '/', origin), req);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  // A request with a body can keep a handler busy after the client left: link the signal.
  const init: RequestInit & { duplex?: 'half' } = {
    method,
    headers,
    signal: signal(),
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
  };
  return new Request(new URL(req.url ?? '/', origin), init);
}

/** Writes a Fetch Response to a Node response, streaming the body. */
export async function writeResponse(response: Response, res: ServerResponse, method: string): Promise<void> {
  if (response instanceof BytesResponse) {
    // One writeHead + end: headers and body leave in a single write.
    res.writeHead(response.status, response.rawHeaders as string[]);
    res.end(method === 'HEAD' || response.status === 304 ? undefined : response.rawBody);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') return;
    headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body || method === 'HEAD') {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
  } finally {
    res.end();
  }
}
