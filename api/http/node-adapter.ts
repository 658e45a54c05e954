import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { BytesResponse } from './bytes-response.ts';
import { NodeRequest } from './node-request.ts';

/**
 * A request with a body whose stream is made only when a handler reads it. Until then Node owns
 * the body: when the answer is written without reading it (a 401, a 404, a refusal), Node reads
 * it away and the connection stays usable for the client's next request. A stream made up front
 * would hold the body back, and the next request on the connection would never be read. Pages
 * rendered by Astro read the Node request themselves, so nothing competes with them for it.
 */
class NodeBodyRequest extends Request {
  readonly #req: IncomingMessage;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null;
  constructor(url: URL, req: IncomingMessage, init: RequestInit) {
    super(url, init);
    this.#req = req;
  }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    return (this.#stream ??= Readable.toWeb(this.#req) as ReadableStream<Uint8Array<ArrayBuffer>>);
  }
  override get bodyUsed(): boolean {
    return this.#stream !== null && (this.#stream.locked || this.#req.readableEnded);
  }
  #buffered(): Response {
    return new Response(this.body, { headers: { 'content-type': this.headers.get('content-type') ?? '' } });
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#buffered().arrayBuffer();
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#buffered().bytes();
  }
  override blob(): Promise<Blob> {
    return this.#buffered().blob();
  }
  override text(): Promise<string> {
    return this.#buffered().text();
  }
  override json(): Promise<unknown> {
    return this.#buffered().json();
  }
  override formData(): Promise<FormData> {
    return this.#buffered().formData();
  }
  override clone(): Request {
    throw new TypeError('a streamed request body cannot be cloned');
  }
}

/**
 * Converts a Node request into a Fetch Request. GET and HEAD get the cheap NodeRequest; a body
 * streams when read, and handlers enforce their own limits.
 */
export function toRequest(req: IncomingMessage, origin: string, signal: () => AbortSignal): Request {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new NodeRequest(new URL(req.url ?? '/', origin), req);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  // A request with a body can keep a handler busy after the client left: link the signal.
  return new NodeBodyRequest(new URL(req.url ?? '/', origin), req, { method, headers, signal: signal() });
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
