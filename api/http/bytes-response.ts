/**
 * A Response whose body is a buffer we already hold (a cached badge). `new Response(bytes)` copies
 * the bytes and makes the server read them back through a stream; on the badge path that costs
 * more than everything else together. api/server.ts writes `rawBody` with `rawHeaders` directly;
 * anything else that consumes it (Astro under `astro dev`) must go through `toStandardResponse`.
 */
export class BytesResponse extends Response {
  readonly rawBody: Uint8Array;
  /** Names and values in one flat list, as `ServerResponse.writeHead` takes them. */
  readonly rawHeaders: readonly string[];
  #headers: Headers | null = null;
  constructor(
    bytes: Uint8Array,
    init: { status: number; headers: Readonly<Record<string, string>> | readonly string[] },
  ) {
    // Headers are validated only if someone reads them (astro dev, tests); our server never does.
    super(null, { status: init.status });
    this.rawBody = bytes;
    this.rawHeaders = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers).flat();
  }
  override get headers(): Headers {
    return (this.#headers ??= new Headers(pairs(this.rawHeaders)));
  }
}

function pairs(flat: readonly string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) list.push([flat[i]!, flat[i + 1]!]);
  return list;
}

/** A standard Response with the body attached, for consumers other than our own server. */
export function toStandardResponse(response: Response): Response {
  if (!(response instanceof BytesResponse)) return response;
  return new Response(response.status === 304 ? null : (response.rawBody as Uint8Array<ArrayBuffer>), {
    status: response.status,
    headers: pairs(response.rawHeaders),
  });
}
