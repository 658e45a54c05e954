/**
 * The `format` check of a compact JWS, before any key or signature is looked at. jose parses the
 * token again when it verifies; this pass exists because our verdicts name a malformed token
 * `format` (not `signature`, which is what jose would report for a mangled payload) and because
 * the header allow-list below is a policy of the Open Badges reference validator, not of JOSE.
 */

/** A JSON object as decoded from a token segment. */
export type Json = Record<string, unknown>;

/** The decoded parts of a compact JWS whose shape is acceptable; nothing here is verified yet. */
export interface ParsedJws {
  header: Json;
  payload: Json;
  signature: string;
}

export const DEFAULT_MAX_TOKEN_BYTES = 64 * 1024;

// Anything but these — `crit`, `b64`, `jku`, `x5u`, `jwk` — is refused before jose sees the token,
// so no header member can steer key selection or payload encoding.
const HEADER_MEMBERS = new Set(['alg', 'kid', 'typ']);
const SEGMENT = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string): Json | undefined {
  if (segment.length === 0 || segment.length % 4 === 1 || !SEGMENT.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits and decodes a compact JWS: a string of at most `maxBytes`, three base64url parts, a JSON
 * object header with no members other than alg, kid and typ (`typ` exactly "JWT"), and a JSON
 * object payload.
 * Returns the parts, or a public reason the token is malformed.
 */
export function parseCompactJws(token: unknown, maxBytes: number): ParsedJws | { error: string } {
  if (typeof token !== 'string') return { error: 'The token is not a string.' };
  if (token.length > maxBytes) return { error: `The token is larger than ${maxBytes} bytes.` };
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'The token is not a compact JWS (three dot-separated parts).' };
  const [headerPart = '', payloadPart = '', signature = ''] = parts;
  const header = decodeSegment(headerPart);
  if (!header) return { error: 'The header is not base64url-encoded JSON.' };
  const payload = decodeSegment(payloadPart);
  if (!payload) return { error: 'The payload is not a base64url-encoded JSON object.' };
  if (signature.length % 4 === 1 || !SEGMENT.test(signature)) {
    return { error: 'The signature is not base64url-encoded.' };
  }
  const extra = Object.keys(header).filter((name) => !HEADER_MEMBERS.has(name));
  if (extra.length > 0)
    return { error: `The header has members other than alg, kid, typ: ${extra.join(', ')}.` };
  // jose's `typ` option compares media types loosely ("jwt", "application/jwt" pass); the
  // reference validator wants the literal "JWT", so the spelling is judged here, first.
  if (header['typ'] !== 'JWT') return { error: 'The header typ is not "JWT".' };
  return { header, payload, signature };
}
