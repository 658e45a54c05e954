import type { JWK } from 'jose';
import { TOKEN_CHECKS, type CheckName } from './checks.ts';
import { validityProblem } from './claims.ts';
import { lookUp } from './jws-key.ts';
import {
  verifyCredentialJwt,
  type CredentialVerification,
  type VerifyCredentialOptions,
} from './jwt-verify.ts';

/**
 * Verifying the same badge again and again is the verify API's normal load (a popular member's
 * badge, clicked by many visitors). What does not depend on time or registry state — the format,
 * algorithm, signature, claims and schema of an exact token under an exact key — is remembered
 * for tokens that passed all of them. On every call the kid is resolved again (a retired key that
 * left the key set misses the cache and fails) and the validity period is judged at `now`;
 * the status list and the registry are asked by the caller each time.
 */
const MAX_TOKENS = 1024;
const TIMELESS: ReadonlySet<CheckName> = new Set(TOKEN_CHECKS);

interface Remembered {
  jwk: JWK;
  result: CredentialVerification;
}
const remembered = new Map<string, Remembered>();

function sameKey(a: JWK, b: JWK): boolean {
  return (
    a.kid === b.kid &&
    a.kty === b.kty &&
    a.n === b.n &&
    a.e === b.e &&
    a.x === b.x &&
    a.y === b.y &&
    a.alg === b.alg
  );
}

function withValidity(result: CredentialVerification, now: Date): CredentialVerification {
  const checks = result.checks.filter((check) => TIMELESS.has(check.name));
  const problem = validityProblem(result.payload ?? {}, now);
  checks.push(
    problem
      ? { name: 'validity_period', ok: false, detail: problem }
      : { name: 'validity_period', ok: true, detail: 'Within its validity period.' },
  );
  return { ...result, checks, ok: checks.every((check) => check.ok) };
}

/** `verifyCredentialJwt`, remembering the time-independent outcome of tokens that verified. */
export async function verifyCredentialJwtCached(
  token: string,
  options: VerifyCredentialOptions,
): Promise<CredentialVerification> {
  // Everything else the outcome depends on is part of the key.
  const cacheKey = `${options.publicUrl}|${options.allowedAlgs?.join() ?? ''}|${options.maxTokenBytes ?? ''}|${options.schemaPath ?? ''}\n${token}`;
  const hit = remembered.get(cacheKey);
  if (hit) {
    const kid = hit.result.header?.['kid'];
    const jwk = typeof kid === 'string' ? await lookUp(options.jwks, kid) : undefined;
    if (jwk && sameKey(jwk, hit.jwk)) return withValidity(hit.result, options.now);
    remembered.delete(cacheKey);
  }
  const result = await verifyCredentialJwt(token, options);
  const kid = result.header?.['kid'];
  if (result.checks.every((check) => check.ok || !TIMELESS.has(check.name)) && typeof kid === 'string') {
    const jwk = await lookUp(options.jwks, kid);
    if (jwk) {
      if (remembered.size >= MAX_TOKENS) remembered.delete(remembered.keys().next().value as string);
      remembered.set(cacheKey, { jwk: { ...jwk }, result: { ...result, checks: [...result.checks] } });
    }
  }
  return result;
}
