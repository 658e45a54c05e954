import { jwtVerify, type JWTHeaderParameters } from 'jose';
import { SIGNING_ALGS, type SigningAlg } from '../credentials/signing-key.ts';
import { JWS_CHECKS, type JwsCheckName, type VerificationCheck } from './checks.ts';
import { joseFailure, KeyRejected, type JoseCallFacts } from './jose-errors.ts';
import { DEFAULT_MAX_TOKEN_BYTES, parseCompactJws, type Json } from './jws-format.ts';
import { lookUp, verificationKey, type KeySet } from './jws-key.ts';

/** The outcome of verifying a token: named checks, and what was decoded along the way. */
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

/** What `verifyRegistryJws` needs: our own keys and origin, never a key from elsewhere. */
export interface VerifyJwsOptions {
  jwks: KeySet;
  /** Origin of the registry; kid and issuer must live under it. */
  publicUrl: string;
  allowedAlgs?: readonly SigningAlg[];
  maxTokenBytes?: number;
}

/** A JWS verification that also carries jose's judgement of `nbf`/`exp` at the given clock. */
export interface JwsVerification extends CredentialVerification {
  /** Why the verified token is not valid at `now`; undefined when it is, or when no `now` was given. */
  periodProblem?: string;
}

/** The failure that wraps a throwing key resolver, so it passes through jose and is rethrown. */
class ResolverFailed extends Error {
  override name = 'ResolverFailed';
}

/**
 * The checks `format`, `algorithm`, `key` and `signature` of any compact JWS the registry signs
 * (credentials and status lists share the header rules), the last three by jose's `jwtVerify`
 * with pinned algorithms and `typ`. Stops at the first failure; the payload is handed back only
 * once the signature verified. With `now`, jose also judges `nbf`/`exp` at that instant (the
 * result's `periodProblem`). Never throws for bad input, never fetches; a throwing key resolver is
 * an infrastructure failure and rethrows.
 */
export async function verifyRegistryJws(
  token: string,
  options: VerifyJwsOptions,
  now?: Date,
): Promise<JwsVerification> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const accepted = (options.allowedAlgs ?? SIGNING_ALGS).filter((alg) => SIGNING_ALGS.includes(alg));
  const parsed = parseCompactJws(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES);
  if ('error' in parsed) return { ok: false, checks: [{ name: 'format', ok: false, detail: parsed.error }] };
  const { header, signature } = parsed;
  const facts: JoseCallFacts = { header, signature, accepted, keyResolved: false };
  let kid = '';

  // Called by jose only after it parsed the header and allow-listed `alg`: the `key` check.
  const keyFor = async (protectedHeader: JWTHeaderParameters): Promise<CryptoKey> => {
    const named = protectedHeader.kid;
    if (typeof named !== 'string' || named === '') throw new KeyRejected('The header names no kid.');
    if (!named.startsWith(`${publicUrl}/keys/`)) {
      throw new KeyRejected('The kid is not a key of this registry.');
    }
    let jwk;
    try {
      jwk = await lookUp(options.jwks, named);
    } catch (cause) {
      throw new ResolverFailed('The key resolver failed.', { cause });
    }
    if (!jwk) throw new KeyRejected('The kid is not in the registry key set.');
    const key = await verificationKey(jwk, protectedHeader.alg as SigningAlg);
    if (typeof key === 'string') throw new KeyRejected(key);
    kid = named;
    facts.keyResolved = true;
    return key;
  };

  // The checks in their canonical order up to `last`, whatever order jose found things out in.
  const upTo = (last: JwsCheckName, failure?: string): VerificationCheck[] => {
    const passed: Record<JwsCheckName, string> = {
      format: 'A compact JWS with header {alg, kid, typ: "JWT"} and a JSON payload.',
      algorithm: `${String(header['alg'])} is accepted.`,
      key: `Registry key ${kid}.`,
      signature: 'The signature verifies with the registry key.',
    };
    return JWS_CHECKS.slice(0, JWS_CHECKS.indexOf(last) + 1).map((name) =>
      name === last && failure !== undefined
        ? { name, ok: false, detail: failure }
        : { name, ok: true, detail: passed[name] },
    );
  };

  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: [...accepted],
      typ: 'JWT',
      // Credentials must carry nbf and exp; a status list's freshness is its reader's concern.
      ...(now ? { currentDate: now, requiredClaims: ['nbf', 'exp'] } : {}),
    });
    return { ok: true, checks: upTo('signature'), header, payload: payload as Json };
  } catch (error) {
    if (error instanceof ResolverFailed) throw error.cause;
    const failure = joseFailure(error, facts);
    if (!failure) throw error;
    if (failure.kind === 'period') {
      const verified = { ok: true, checks: upTo('signature'), header, payload: failure.payload };
      return now ? { ...verified, periodProblem: failure.detail } : verified;
    }
    // A format failure jose found (typ, an unencoded payload) ends the run like ours does.
    if (failure.name === 'format') return { ok: false, checks: upTo('format', failure.detail) };
    return { ok: false, checks: upTo(failure.name, failure.detail), header };
  }
}
