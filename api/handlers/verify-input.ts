import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { discardBody, readBody, readJson } from '../http/body.ts';
import { parseBadgeRequest } from '../../badges/serve/badge-request.ts';
import { extractCredential, type BadgeSource, type ExtractedCredential } from '../../badges/verify/input.ts';
import type { BadgeVariant } from '../../badges/serve/badge-service.ts';

/** The verify API reads at most this much; a larger body is a 413 before anything is parsed. */
export const VERIFY_BODY_LIMIT = 1024 * 1024;

/** One of our own badge URLs, to be resolved in-process (never fetched). */
export interface OwnBadgeRef {
  publicId: string;
  variant: BadgeVariant;
}

export type VerifyInput =
  { kind: 'credential'; extracted: ExtractedCredential } | { kind: 'url'; badge: OwnBadgeRef };

const TOKEN_TYPES = new Set(['text/plain', 'application/jwt', 'application/vc+jwt']);

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function nonEmptyBody(request: Request): Promise<Uint8Array> {
  const bytes = await readBody(request, VERIFY_BODY_LIMIT);
  if (bytes.length === 0) throw new ValidationError('body', 'The request body is empty.');
  return bytes;
}

/**
 * Accepts only badge URLs of this registry: same origin as PUBLIC_URL, path /badges/{id}.svg|png.
 * Anything else is refused before any lookup, so the API can never be used to reach another host.
 */
export function parseOwnBadgeUrl(raw: string, publicUrl: string): OwnBadgeRef {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('url', 'url is not an absolute URL.');
  }
  const ours = new URL(publicUrl);
  const file = /^\/badges\/([^/]+)$/.exec(url.pathname)?.[1];
  if (url.origin !== ours.origin || url.username || url.password || file === undefined) {
    throw new KeurmerkError(
      'url_not_ours',
      `Only badge URLs of this registry (${ours.origin}/badges/…) can be verified by URL.`,
    );
  }
  const parsed = parseBadgeRequest(file, url.search);
  if (!parsed.ok) throw new KeurmerkError('url_not_ours', 'The URL is not a badge of this registry.');
  return { publicId: parsed.publicId, variant: parsed.variant };
}

function fromJson(body: unknown, publicUrl: string): VerifyInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('body', 'Send {"token": "…"} or {"url": "…"}.');
  }
  const fields = Object.keys(body);
  const { token, url } = body as { token?: unknown; url?: unknown };
  if (fields.length !== 1 || (token === undefined && url === undefined)) {
    throw new ValidationError('body', 'Send exactly one of {"token": "…"} or {"url": "…"}.');
  }
  if (token !== undefined) {
    if (typeof token !== 'string') throw new ValidationError('token', 'token must be a string.');
    return { kind: 'credential', extracted: { ok: true, source: 'jwt', token: token.trim() } };
  }
  if (typeof url !== 'string' || url.length > 2000)
    throw new ValidationError('url', 'url must be a string of at most 2000 characters.');
  return { kind: 'url', badge: parseOwnBadgeUrl(url, publicUrl) };
}

/** Reads the credential out of a token or badge file (in production: the worker pool). */
export type Extract = (source: BadgeSource, bytes: Uint8Array) => Promise<ExtractedCredential>;

/**
 * Reads what `POST /api/v1/verify` was sent: a token (text/plain or JSON), an SVG or PNG badge, or
 * JSON `{"url"}` of one of our badges. A malformed badge is not an error here: it becomes a failed
 * `format` check. Wrong media types are 415, unreadable containers 400, oversized bodies 413.
 * Files are parsed by `extract`, so a hostile one never runs on the caller's event loop.
 */
export async function readVerifyInput(
  request: Request,
  publicUrl: string,
  extract: Extract = async (source, bytes) => extractCredential(source, bytes),
): Promise<VerifyInput> {
  const type = mediaType(request);
  if (type === 'application/json') return fromJson(await readJson(request, VERIFY_BODY_LIMIT), publicUrl);
  if (TOKEN_TYPES.has(type))
    return { kind: 'credential', extracted: await extract('jwt', await nonEmptyBody(request)) };
  if (type === 'image/svg+xml')
    return { kind: 'credential', extracted: await extract('svg', await nonEmptyBody(request)) };
  if (type === 'image/png')
    return { kind: 'credential', extracted: await extract('png', await nonEmptyBody(request)) };
  await discardBody(request);
  throw new KeurmerkError(
    'unsupported_media_type',
    'Send a token as text/plain or application/json, a badge as image/svg+xml or image/png, or {"url": …} as application/json.',
  );
}
