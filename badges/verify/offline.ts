import type { JWK } from 'jose';
import type { VerifyContext } from './service.ts';

/** A problem with what the verifier was given (a file, a URL, a key set): exit code 2 in the CLI. */
export class VerifierInputError extends Error {
  override name = 'VerifierInputError';
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JWKS document (or one bare JWK, as served at a `kid` URL) as a key set. */
export function parseJwks(text: string, source: string): { keys: JWK[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VerifierInputError(`${source} is not JSON.`);
  }
  const keys = isObject(value) && Array.isArray(value['keys']) ? (value['keys'] as unknown[]) : [value];
  const usable = keys.filter(
    (k): k is JWK => isObject(k) && typeof k['kid'] === 'string' && typeof k['kty'] === 'string',
  );
  if (usable.length === 0) throw new VerifierInputError(`${source} holds no key with a kid.`);
  if (usable.some((k) => 'd' in k))
    throw new VerifierInputError(`${source} holds a private key; give the public key set.`);
  return { keys: usable };
}

/**
 * The registry origin the keys belong to: every kid is `${registry}/keys/{thumbprint}`. Taken from
 * the key set the user supplied, so the kid and issuer checks stay pinned without a network.
 */
export function registryOfJwks(jwks: { keys: JWK[] }): string {
  const origins = new Set(
    jwks.keys.map((k) => {
      const match = /^(https?:\/\/[^/?#]+(?:\/[^?#]*)?)\/keys\/[A-Za-z0-9_-]+$/.exec(k.kid ?? '');
      if (!match) throw new VerifierInputError(`The key ${k.kid} is not a key URL of a Keurmerk registry.`);
      return match[1]!;
    }),
  );
  if (origins.size !== 1)
    throw new VerifierInputError(`The key set mixes registries: ${[...origins].join(', ')}.`);
  return [...origins][0]!;
}

/** The `id` a status list JWT claims, read without trusting it (it is verified before use). */
function claimedId(jwt: string): string | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return isObject(payload) && typeof payload['id'] === 'string' ? payload['id'] : null;
  } catch {
    return null;
  }
}

/**
 * A verification context built from what the user gave: a key set, status list JWTs, and at most
 * one registry whose status lists may be fetched on demand. No registry record is consulted, so the
 * verdict rests on the signature, the validity period and the status list alone.
 */
export function offlineContext(options: {
  publicUrl: string;
  now: Date;
  jwks: { keys: JWK[] };
  statusLists: readonly string[];
  fetchStatusList?: (url: string) => Promise<string | null>;
}): VerifyContext {
  const byId = new Map<string, string>();
  for (const jwt of options.statusLists) {
    const id = claimedId(jwt.trim());
    if (id !== null) byId.set(id, jwt.trim());
  }
  return {
    publicUrl: options.publicUrl,
    now: options.now,
    jwks: options.jwks,
    async statusList(url) {
      return byId.get(url) ?? (options.fetchStatusList ? options.fetchStatusList(url) : null);
    },
  };
}

const MAX_DOWNLOAD = 2 * 1024 * 1024;

/**
 * A fetcher that reaches one registry only: any URL outside `registry` (origin and path prefix) is
 * refused before a connection is made, redirects are errors, bodies are capped and time-limited.
 */
export function registryFetcher(registry: string): (url: string) => Promise<Uint8Array> {
  const base = new URL(registry);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new VerifierInputError(`--registry must be an http(s) URL, not ${registry}.`);
  }
  const prefix = base.href.replace(/\/+$/, '');
  return async (raw) => {
    const url = new URL(raw);
    if (url.origin !== base.origin || !(url.href === prefix || url.href.startsWith(`${prefix}/`))) {
      throw new VerifierInputError(`Refusing to fetch ${raw}: only ${prefix} may be asked.`);
    }
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new VerifierInputError(
        `Cannot fetch ${url.href}: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    if (!response.ok) throw new VerifierInputError(`${url.href} answered ${response.status}.`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_DOWNLOAD)
      throw new VerifierInputError(`${url.href} is larger than ${MAX_DOWNLOAD} bytes.`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = reader ? await reader.read() : { done: true as const };
      if (next.done) break;
      size += next.value.byteLength;
      if (size > MAX_DOWNLOAD) {
        await reader?.cancel();
        throw new VerifierInputError(`${url.href} is larger than ${MAX_DOWNLOAD} bytes.`);
      }
      chunks.push(next.value);
    }
    return Buffer.concat(chunks);
  };
}
