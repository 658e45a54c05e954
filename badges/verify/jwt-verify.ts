import {
  createPublicKey,
  verify as verifySignature,
  type JsonWebKey as NodeJwk,
  type KeyObject,
} from 'node:crypto';
import type { JWK } from 'jose';
import { publicKeyMembers, SIGNING_ALGS, type SigningAlg } from '../credentials/signing-key.ts';
import { obSchemaValidator } from './ob-schema.ts';

/** One named step of a verdict; callers append their own (status list, registry state). */
export interface VerificationCheck {
  name: string;
  ok: boolean;
  /** A readable reason, safe to show to the public. */
  detail: string;
}

export interface CredentialVerification {
  /** True only when every check ran and passed. */
  ok: boolean;
  /** Checks in the order they ran; a failed format, algorithm, key or signature check ends the run. */
  checks: VerificationCheck[];
  /** The decoded protected header, once the token parsed. */
  header?: Record<string, unknown>;
  /** The payload, only once its signature verified with one of our keys. */
  payload?: Record<string, unknown>;
}

/** Looks a key up by kid; returns undefined for an unknown kid. Must never fetch the kid URL. */
export type KeyResolver = (kid: string) => JWK | undefined | Promise<JWK | undefined>;

export interface VerifyCredentialOptions {
  /** Our own keys only: a JWKS or a lookup by kid. */
  jwks: { keys: readonly JWK[] } | KeyResolver;
  /** Origin of the registry; kid and issuer must live under it. */
  publicUrl: string;
  now: Date;
  allowedAlgs?: readonly SigningAlg[];
  maxTokenBytes?: number;
  /** Override of the vendored Open Badges 3.0 schema file. */
  schemaPath?: string;
}

export const DEFAULT_MAX_TOKEN_BYTES = 64 * 1024;
const HEADER_MEMBERS = new Set(['alg', 'kid', 'typ']);
const SEGMENT = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
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

type Parsed = { header: Json; payload: Json; signature: string } | { error: string };

function parseToken(token: unknown, maxBytes: number): Parsed {
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
  if (header['typ'] !== 'JWT') return { error: 'The header typ is not "JWT".' };
  return { header, payload, signature };
}

// Keys are imported once: importing an RSA JWK costs about as much as verifying with it.
const MAX_CACHED_KEYS = 256;
const importedKeys = new Map<string, KeyObject>();
const jwksIndexes = new WeakMap<object, Map<string, JWK>>();

/** The JWK a kid names in our key set (never fetched), or undefined. */
export async function lookUp(jwks: VerifyCredentialOptions['jwks'], kid: string): Promise<JWK | undefined> {
  if (typeof jwks === 'function') return jwks(kid);
  let index = jwksIndexes.get(jwks);
  if (!index) {
    index = new Map(jwks.keys.filter((k) => typeof k.kid === 'string').map((k) => [k.kid as string, k]));
    jwksIndexes.set(jwks, index);
  }
  return index.get(kid);
}

/** The public key for `alg`, or a reason it does not fit. */
async function publicKeyFor(jwk: JWK, alg: SigningAlg): Promise<KeyObject | string> {
  if (jwk.alg !== undefined && jwk.alg !== alg) return `The key is for ${jwk.alg}, not ${alg}.`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'The key is not a signing key.';
  const members = publicKeyMembers(jwk, alg);
  if (!members) return `The key type does not fit ${alg}.`;
  const cacheKey = `${alg}.${JSON.stringify(members)}`;
  const cached = importedKeys.get(cacheKey);
  if (cached) return cached;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: members as NodeJwk, format: 'jwk' });
  } catch {
    return 'The key cannot be imported.';
  }
  if (importedKeys.size >= MAX_CACHED_KEYS) importedKeys.delete(importedKeys.keys().next().value as string);
  importedKeys.set(cacheKey, key);
  return key;
}

/**
 * RS256 (RSASSA-PKCS1-v1_5) or ES256 (ECDSA P-256, the JWS raw r||s form) over the signing input,
 * with node:crypto directly: synchronous and about twice the rate of WebCrypto, which matters on
 * the verify API's hot path. The algorithm is pinned by the caller, never taken from the key.
 */
function signatureVerifies(token: string, signature: string, key: KeyObject, alg: SigningAlg): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  const signingInput = Buffer.from(token.slice(0, token.length - signature.length - 1), 'ascii');
  try {
    if (alg === 'ES256') {
      return (
        bytes.length === 64 &&
        verifySignature('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, bytes)
      );
    }
    return verifySignature('sha256', signingInput, key, bytes);
  } catch {
    return false;
  }
}

function idOf(value: unknown): unknown {
  return isObject(value) ? value['id'] : value;
}

function claimProblems(payload: Json, publicUrl: string): string[] {
  const problems: string[] = [];
  const issuer = idOf(payload['issuer']);
  if (typeof issuer !== 'string' || !issuer.startsWith(`${publicUrl}/issuers/`)) {
    problems.push('issuer.id is not an issuer of this registry');
  }
  if (payload['iss'] !== issuer) problems.push('iss differs from issuer.id');
  const subject = payload['credentialSubject'];
  if (!isObject(subject) || typeof subject['id'] !== 'string' || payload['sub'] !== subject['id']) {
    problems.push('sub differs from credentialSubject.id');
  }
  if (typeof payload['id'] !== 'string' || payload['jti'] !== payload['id']) {
    problems.push('jti differs from id');
  }
  for (const [claim, field] of [
    ['nbf', 'validFrom'],
    ['exp', 'validUntil'],
  ] as const) {
    const ms = typeof payload[field] === 'string' ? Date.parse(payload[field]) : NaN;
    if (Number.isNaN(ms) || payload[claim] !== Math.floor(ms / 1000)) {
      problems.push(`${claim} differs from ${field}`);
    }
  }
  return problems;
}

/** Why `payload` is not valid at `now` (nbf/exp), or undefined when it is. */
export function validityProblem(payload: Json, now: Date): string | undefined {
  const { nbf, exp } = payload;
  if (typeof nbf !== 'number' || typeof exp !== 'number') return 'The token lacks nbf or exp.';
  const nowSeconds = now.getTime() / 1000;
  if (nbf > nowSeconds) return `Not valid before ${new Date(nbf * 1000).toISOString()}.`;
  if (exp <= nowSeconds) return `Expired at ${new Date(exp * 1000).toISOString()}.`;
  return undefined;
}

/** What `verifyRegistryJws` needs: our own keys and origin, never a key from elsewhere. */
export type VerifyJwsOptions = Omit<VerifyCredentialOptions, 'now' | 'schemaPath'>;

/**
 * The checks `format`, `algorithm`, `key` and `signature` of any compact JWS the registry signs
 * (credentials and status lists share the header rules). Stops at the first failure; the payload
 * is handed back only once the signature verified. Never throws for bad input, never fetches.
 */
export async function verifyRegistryJws(
  token: string,
  options: VerifyJwsOptions,
): Promise<CredentialVerification> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const allowed = (options.allowedAlgs ?? SIGNING_ALGS).filter((alg) => SIGNING_ALGS.includes(alg));
  const checks: VerificationCheck[] = [];
  const pass = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });
  const fail = (name: string, detail: string, header?: Json): CredentialVerification => {
    checks.push({ name, ok: false, detail });
    return header ? { ok: false, checks, header } : { ok: false, checks };
  };

  const parsed = parseToken(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES);
  if ('error' in parsed) return fail('format', parsed.error);
  const { header, payload, signature } = parsed;
  pass('format', 'A compact JWS with header {alg, kid, typ: "JWT"} and a JSON payload.');

  const alg = header['alg'];
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) {
    return fail(
      'algorithm',
      `Algorithm ${JSON.stringify(alg)} is not accepted; expected ${allowed.join(' or ')}.`,
      header,
    );
  }
  pass('algorithm', `${alg} is accepted.`);

  const kid = header['kid'];
  if (typeof kid !== 'string' || kid === '') return fail('key', 'The header names no kid.', header);
  if (!kid.startsWith(`${publicUrl}/keys/`)) {
    return fail('key', 'The kid is not a key of this registry.', header);
  }
  const jwk = await lookUp(options.jwks, kid);
  if (!jwk) return fail('key', 'The kid is not in the registry key set.', header);
  const key = await publicKeyFor(jwk, alg as SigningAlg);
  if (typeof key === 'string') return fail('key', key, header);
  pass('key', `Registry key ${kid}.`);

  if (signature === '') return fail('signature', 'The token carries no signature.', header);
  if (!signatureVerifies(token, signature, key, alg as SigningAlg)) {
    return fail('signature', 'The signature does not verify with the registry key.', header);
  }
  pass('signature', 'The signature verifies with the registry key.');
  return { ok: true, checks, header, payload };
}

/**
 * Verifies an Open Badges 3.0 VC-JWT of ours. Never throws for bad input and never fetches
 * anything: the verdict lists the checks `format`, `algorithm`, `key`, `signature`, `claims`,
 * `schema` and `validity_period`. A throwing key resolver is an infrastructure failure and rethrows.
 */
export async function verifyCredentialJwt(
  token: string,
  options: VerifyCredentialOptions,
): Promise<CredentialVerification> {
  if (Number.isNaN(options.now.getTime())) throw new TypeError('options.now is not a valid date.');
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const jws = await verifyRegistryJws(token, options);
  if (!jws.ok || !jws.payload || !jws.header) return jws;
  const { checks, header, payload } = jws;
  const pass = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });

  const problems = claimProblems(payload, publicUrl);
  if (problems.length > 0) checks.push({ name: 'claims', ok: false, detail: `${problems.join('; ')}.` });
  else pass('claims', 'iss, sub, jti, nbf and exp repeat the credential fields.');

  const schema = obSchemaValidator(options.schemaPath)(payload);
  if (!schema.ok) checks.push({ name: 'schema', ok: false, detail: schema.errors.join('; ') });
  else pass('schema', 'The credential conforms to the Open Badges 3.0 schema.');

  const period = validityProblem(payload, options.now);
  if (period) checks.push({ name: 'validity_period', ok: false, detail: period });
  else pass('validity_period', 'Within its validity period.');

  return { ok: checks.every((check) => check.ok), checks, header, payload };
}
