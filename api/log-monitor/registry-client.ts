// The monitor's only way to the registry: plain HTTP GETs of public URLs (the log's tiles,
// checkpoint and key, and the open data), with a timeout each. Anything but an answer — refused
// connections, timeouts, 5xx — is `monitor_registry_unreachable` (exit 2); a 404 is returned as
// null, because for a tile the checkpoint covers it is a disagreement, not a network problem.
//
// node:http rather than fetch: catching up reads thousands of entry bundles, and fetch's
// per-request machinery and its streaming decompression cost the monitor about as much as
// hashing every entry. Here a request is a kept-alive socket and one gunzip of the whole body.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { KeurmerkError } from '../../db/errors.ts';

export interface RegistryClient {
  readonly base: string;
  /** The body of `path`, or null on 404. */
  bytes(path: string): Promise<Uint8Array | null>;
  text(path: string): Promise<string | null>;
  /** Requests made and bytes received so far (the --json summary and the bench report them). */
  readonly stats: { requests: number; bytes: number };
}

const MAX_BODY = 512 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Checks `--registry`: an http(s) URL without credentials, query or fragment. */
export function registryBase(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password) return null;
  if (parsed.search || parsed.hash) return null;
  return parsed.href.replace(/\/+$/, '');
}

interface Answer {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: Buffer;
}

const unreachable = (message: string, url: string) =>
  new KeurmerkError('monitor_registry_unreachable', message, { url });

/** Reads a whole response body, refusing more than MAX_BODY bytes. */
function readBody(response: IncomingMessage, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY) {
        response.destroy();
        reject(unreachable(`GET ${url} is larger than ${MAX_BODY} bytes.`, url));
      } else chunks.push(chunk);
    });
    response.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)));
    response.once('error', reject);
  });
}

export function registryClient(base: string, timeoutMs = 30_000): RegistryClient {
  const stats = { requests: 0, bytes: 0 };
  // Kept-alive sockets, as many as the monitor has requests in flight (follow.ts: 8).
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };

  function once(url: URL, signal: AbortSignal): Promise<Answer> {
    const protocol = url.protocol as keyof typeof agents;
    const transport = protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.get(
        url,
        { agent: agents[protocol], signal, headers: { 'accept-encoding': 'gzip' } },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            response.resume();
            resolve({ status, location: response.headers.location, body: Buffer.alloc(0) });
            return;
          }
          readBody(response, url.href).then((raw) => {
            if (response.headers['content-encoding'] !== 'gzip')
              return resolve({ status, location: undefined, body: raw });
            try {
              resolve({ status, location: undefined, body: gunzipSync(raw, { maxOutputLength: MAX_BODY }) });
            } catch {
              reject(
                unreachable(
                  `GET ${url.href} sent a body that does not gunzip within ${MAX_BODY} bytes.`,
                  url.href,
                ),
              );
            }
          }, reject);
        },
      );
      request.once('error', reject);
    });
  }

  async function get(path: string): Promise<Uint8Array | null> {
    let url = new URL(`${base}${path}`);
    const signal = AbortSignal.timeout(timeoutMs);
    for (let redirects = 0; ; redirects++) {
      let answer: Answer;
      try {
        answer = await once(url, signal);
      } catch (error) {
        if (error instanceof KeurmerkError) throw error;
        const cause = signal.aborted
          ? 'TimeoutError'
          : ((error as { code?: string }).code ?? (error as Error).name);
        throw unreachable(`GET ${url.href} failed (${cause}).`, url.href);
      }
      stats.requests++;
      if (REDIRECTS.has(answer.status) && answer.location && redirects < MAX_REDIRECTS) {
        const next = new URL(answer.location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          throw unreachable(`GET ${url.href} redirects to ${next.protocol} URL.`, url.href);
        url = next;
        continue;
      }
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw unreachable(`GET ${url.href} answered ${answer.status}.`, url.href);
      stats.bytes += answer.body.length;
      return answer.body;
    }
  }
  return {
    base,
    stats,
    bytes: get,
    async text(path) {
      const body = await get(path);
      return body === null ? null : Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
    },
  };
}
