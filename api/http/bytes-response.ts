/**
 * A Response whose body is a buffer we already hold (a cached badge). `new Response(bytes)` copies
 * the bytes and makes the server read them back through a stream; on the badge path that costs
 * more than everything else together. api/server.ts writes `bytes` directly; anything else that
 * consumes it (Astro under `astro dev`) must go through `toStandardResponse`.
 */
export class BytesResponse extends Response {
  readonly rawBody: Uint8Array;
  readonly plainHeaders: Readonly<Record<string, string>>;
  #headers: Headers | null = null;
  constructor(bytes: Uint8Array, init: { status: number; headers: Record<string, string> }) {
    // Headers are validated only if someone reads them (astro dev, tests); our server never does.
    super(null, { status: init.status });
    this.rawBody = bytes;
    this.plainHeaders = init.headers;
  }
  override get headers(): Headers {
    return (this.#headers ??= new Headers(this.plainHeaders));
  }
}

/** A standard Response with the body attached, for consumers other than our own server. */
export function toStandardResponse(response: Response): Response {
  if (!(response instanceof BytesResponse)) return response;
  return new Response(response.status === 304 ? null : (response.rawBody as Uint8Array<ArrayBuffer>), {
    status: response.status,
    headers: response.plainHeaders,
  });
}
