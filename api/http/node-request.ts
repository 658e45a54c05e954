import type { IncomingMessage } from 'node:http';

/**
 * Read-only Headers over Node's already-parsed request headers. Building a real Headers object
 * validates and copies every header; a badge request reads three of them.
 */
class NodeHeaders implements Headers {
  readonly #raw: IncomingMessage['headers'];
  constructor(raw: IncomingMessage['headers']) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }
  getSetCookie(): string[] {
    return [];
  }
  forEach(callback: (value: string, key: string, parent: Headers) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
  *entries(): HeadersIterator<[string, string]> {
    for (const key of Object.keys(this.#raw).sort()) yield [key, this.get(key)!];
  }
  *keys(): HeadersIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
  append(): void {
    throw new TypeError('request headers are immutable');
  }
  set(): void {
    throw new TypeError('request headers are immutable');
  }
  delete(): void {
    throw new TypeError('request headers are immutable');
  }
}

/** A GET/HEAD Request backed by the Node request: same interface, a fraction of the cost. */
export class NodeRequest extends Request {
  readonly parsedUrl: URL;
  readonly #headers: NodeHeaders;
  constructor(url: URL, req: IncomingMessage) {
    super(url, { method: req.method === 'HEAD' ? 'HEAD' : 'GET' });
    this.parsedUrl = url;
    this.#headers = new NodeHeaders(req.headers);
  }
  override get headers(): Headers {
    return this.#headers;
  }
}

/** The request's URL, parsed once. */
export function requestUrl(request: Request): URL {
  return request instanceof NodeRequest ? request.parsedUrl : new URL(request.url);
}
