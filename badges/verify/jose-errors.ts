import { errors } from 'jose';
import type { JwsCheckName } from './checks.ts';
import type { Json } from './jws-format.ts';

/** A key the header names but we refuse (thrown from jose's key callback; becomes the `key` check). */
export class KeyRejected extends Error {
  override name = 'KeyRejected';
}

/** What a failed jose call means for the verdict. */
export type JoseFailure =
  /** One of the checks `format`, `algorithm`, `key` or `signature` failed; the run ends there. */
  | { kind: 'check'; name: JwsCheckName; detail: string }
  /** The signature verified, but jose judged a time claim (nbf, exp, iat); `payload` is verified. */
  | { kind: 'period'; detail: string; payload: Json };

const iso = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);

/** The public reason of a failed time claim, worded as `validityProblem` words it. */
function periodDetail(error: errors.JWTClaimValidationFailed | errors.JWTExpired): string {
  const { claim, reason, payload } = error;
  if (reason === 'check_failed' && claim === 'nbf') return `Not valid before ${iso(payload.nbf)}.`;
  if (reason === 'check_failed' && claim === 'exp') return `Expired at ${iso(payload.exp)}.`;
  if ((claim === 'nbf' || claim === 'exp') && (reason === 'missing' || reason === 'invalid')) {
    return 'The token lacks nbf or exp.';
  }
  return `The ${claim} claim fails: ${error.message}.`;
}

/** What the mapping needs to know about the token and how far jose got. */
export interface JoseCallFacts {
  /** The decoded protected header. */
  header: Json;
  /** The token's third part, as written. */
  signature: string;
  /** The algorithms jose was told to accept. */
  accepted: readonly string[];
  /** True once our key callback handed jose a key. */
  keyResolved: boolean;
}

/**
 * Maps an error of jose's `jwtVerify` to our named checks, by its stable `code` (never by message).
 * Returns undefined for anything that is not a verdict about the token (a bug or an
 * infrastructure failure), which the caller rethrows.
 */
export function joseFailure(error: unknown, facts: JoseCallFacts): JoseFailure | undefined {
  const { header, signature, accepted } = facts;
  const check = (name: JwsCheckName, detail: string): JoseFailure => ({ kind: 'check', name, detail });
  const algorithm = () =>
    check(
      'algorithm',
      `Algorithm ${JSON.stringify(header['alg'])} is not accepted; expected ${accepted.join(' or ')}.`,
    );
  if (error instanceof KeyRejected) return check('key', error.message);
  // jose refuses a key it was handed (RSA under 2048 bits, wrong type) with a TypeError.
  if (error instanceof TypeError && facts.keyResolved) {
    return check('key', 'The key cannot be used for this algorithm.');
  }
  if (!(error instanceof errors.JOSEError)) return undefined;
  switch (error.code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return algorithm();
    case 'ERR_JWS_INVALID':
      // A missing or non-string alg is the one JWSInvalid our format check lets through.
      if (typeof header['alg'] !== 'string' || header['alg'] === '') return algorithm();
      return check('format', `The token is not a valid JWS: ${error.message}.`);
    case 'ERR_JWT_INVALID':
      // Claims that are not a JSON object, or an unencoded (b64: false) payload.
      return check('format', `The token is not a valid JWT: ${error.message}.`);
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JWK_INVALID':
      return check('key', 'The key cannot be used for this algorithm.');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return check(
        'signature',
        signature === ''
          ? 'The token carries no signature.'
          : 'The signature does not verify with the registry key.',
      );
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
    case 'ERR_JWT_EXPIRED': {
      const failure = error as errors.JWTClaimValidationFailed | errors.JWTExpired;
      if (failure.claim === 'typ') return check('format', 'The header typ is not "JWT".');
      // jose validates claims only after the signature verified, so this payload is authentic.
      return { kind: 'period', detail: periodDetail(failure), payload: failure.payload as Json };
    }
    default:
      return undefined;
  }
}
