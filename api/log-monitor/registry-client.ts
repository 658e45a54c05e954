// The monitor's only way to the registry: plain HTTP GETs of public URLs (the log's tiles,
// checkpoint and key, and the open data), with a timeout each. Anything but an answer — refused
// connections, timeouts, 5xx — is `monitor_registry_unreachable` (exit 2); a 404 is returned as
// null, because for a tile the checkpoint covers it is a disagreement, not a network problem.
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

export function registryClient(base: string, timeoutMs = 30_000): RegistryClient {
  const stats = { requests: 0, bytes: 0 };
  async function get(path: string): Promise<Uint8Array | null> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new KeurmerkError('monitor_registry_unreachable', `GET ${url} failed (${cause}).`, { url });
    }
    stats.requests++;
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new KeurmerkError('monitor_registry_unreachable', `GET ${url} answered ${response.status}.`, {
        url,
      });
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_BODY)
      throw new KeurmerkError('monitor_registry_unreachable', `GET ${url} is larger than ${MAX_BODY} bytes.`);
    stats.bytes += body.length;
    return body;
  }
  return {
    base,
    stats,
    bytes: get,
    async text(path) {
      const body = await get(path);
      return body === null ? null : Buffer.from(body).toString('utf8');
    },
  };
}
